import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';
import { Message } from './message.entity.js';

/** A message of the thread as the next reply's In-Reply-To/References read it. */
export interface ThreadEntryRow {
  kind: Message['kind'];
  message_id: string;
}

/** A message in a journalist's personal-data export, with its attachments' names. */
export interface MessageExportRow {
  ticket_id: string;
  kind: Message['kind'];
  created_at: Date;
  from_name: string | null;
  from_address: string | null;
  to: Message['to'];
  cc: Message['cc'];
  subject: string | null;
  text: string | null;
  attachments: { filename: string; size: number; contentType: string }[];
}

/** The messages table: a ticket's conversation (inbound, outbound, notes). */
@Injectable()
export class MessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A ticket's messages, oldest first (their staff authors are named through the users service). */
  forTicket(ticketId: string): Promise<Message[]> {
    return this.dataSource.getRepository(Message).find({ where: { ticketId }, order: { createdAt: 'ASC' } });
  }

  findById(tx: EntityManager, id: string): Promise<Message | null> {
    return tx.getRepository(Message).findOneBy({ id });
  }

  findOutbound(tx: EntityManager, id: string, ticketId: string): Promise<Message | null> {
    return tx.getRepository(Message).findOneBy({ id, ticketId, kind: 'outbound' });
  }

  /** Inserts a message; the entity gets its generated id and created_at back. */
  async insert(tx: EntityManager, fields: Partial<Message>): Promise<Message> {
    const repository = tx.getRepository(Message);
    const message = repository.create(fields);
    await repository.insert(message);
    return message;
  }

  /** The thread's mail with a Message-ID, oldest first, minus one message and those held or called off. */
  threadOf(tx: EntityManager, ticketId: string, exceptId: string): Promise<ThreadEntryRow[]> {
    return sqlRows<ThreadEntryRow>(
      tx,
      `SELECT kind, message_id FROM messages
        WHERE ticket_id = $1 AND message_id IS NOT NULL AND kind <> 'note' AND id <> $2
          AND NOT ('awaiting_approval' = ANY(flags)) AND NOT ('cancelled' = ANY(flags))
        ORDER BY created_at`,
      [ticketId, exceptId],
    );
  }

  async setThreading(tx: EntityManager, id: string, inReplyTo: string | null, references: string[]): Promise<void> {
    await sqlExec(tx, `UPDATE messages SET in_reply_to = $2, "references" = $3 WHERE id = $1`, [id, inReplyTo, references]);
  }

  /** Adds a flag once. */
  async addFlag(tx: EntityManager, id: string, flag: string): Promise<void> {
    await sqlExec(tx, `UPDATE messages SET flags = array_append(flags, $2) WHERE id = $1 AND NOT ($2 = ANY(flags))`, [id, flag]);
  }

  /** Removes a flag and, when given, adds another in the same write. */
  async replaceFlag(tx: EntityManager, id: string, removed: string, added: string | null): Promise<void> {
    if (added) await sqlExec(tx, `UPDATE messages SET flags = array_append(array_remove(flags, $2), $3) WHERE id = $1`, [id, removed, added]);
    else await sqlExec(tx, `UPDATE messages SET flags = array_remove(flags, $2) WHERE id = $1`, [id, removed]);
  }

  /** The signature of the message's author (the officer who wrote a held reply). */
  async authorSignature(tx: EntityManager, id: string): Promise<string | null> {
    const row = await sqlRow<{ signature: string | null }>(tx, `SELECT u.signature FROM messages m LEFT JOIN users_view u ON u.id = m.author_id WHERE m.id = $1`, [id]);
    return row?.signature ?? null;
  }

  /** A held reply edited by its approver: the rendered text, HTML and plain text replace the old. */
  async replaceBody(tx: EntityManager, id: string, body: { text: string; html: string; plain: string }): Promise<void> {
    await sqlExec(tx, `UPDATE messages SET text = $2, html = $3, new_text = $4 WHERE id = $1`, [id, body.text, body.html, body.plain]);
  }

  /** Their mail and our answers on their tickets (not notes), oldest first, for a personal-data export. */
  findForExport(ticketIds: string[], address: string): Promise<MessageExportRow[]> {
    return sqlRows<MessageExportRow>(
      this.dataSource,
      `SELECT m.ticket_id, m.kind, m.created_at, m.from_name, m.from_address, m."to", m.cc, m.subject, m.text,
              coalesce(json_agg(json_build_object('filename', a.filename, 'size', a.size, 'contentType', a.content_type))
                       FILTER (WHERE a.id IS NOT NULL), '[]') AS attachments
         FROM messages m LEFT JOIN attachments_view a ON a.message_id = m.id
        WHERE m.kind <> 'note' AND (m.ticket_id = ANY($1::uuid[]) OR lower(m.from_address) = $2)
        GROUP BY m.id ORDER BY m.created_at`,
      [ticketIds, address],
    );
  }

  /** The sender names inbound mail on these tickets carried. */
  async findInboundSenderNames(tx: EntityManager, ticketIds: string[]): Promise<string[]> {
    const rows = await sqlRows<{ from_name: string }>(
      tx,
      `SELECT DISTINCT from_name FROM messages WHERE kind = 'inbound' AND ticket_id = ANY($1::uuid[]) AND from_name IS NOT NULL`,
      [ticketIds],
    );
    return rows.map((row) => row.from_name);
  }

  /** Inbound mail from these addresses anywhere, or on these tickets from them or from no address. */
  findInboundFrom(tx: EntityManager, ticketIds: string[], addresses: string[]): Promise<{ id: string; raw_message_id: string | null }[]> {
    return sqlRows(
      tx,
      `SELECT id, raw_message_id FROM messages
        WHERE kind = 'inbound' AND (lower(from_address) = ANY($2::text[]) OR (ticket_id = ANY($1::uuid[]) AND (from_address IS NULL OR lower(from_address) = ANY($2::text[]))))`,
      [ticketIds, addresses],
    );
  }

  /** Empties the sender and content of messages, leaving `replacement` as their text. */
  async eraseContent(tx: EntityManager, ids: string[], replacement: string): Promise<void> {
    await sqlExec(
      tx,
      `UPDATE messages SET from_name = NULL, from_address = NULL, text = $2, html = NULL, new_text = NULL, remote_images = 0
        WHERE id = ANY($1::uuid[])`,
      [ids, replacement],
    );
  }

  /** Every To/Cc entry with this address becomes the erased address, without a name. */
  async redactRecipient(tx: EntityManager, address: string, erasedAddress: string): Promise<void> {
    const probe = JSON.stringify([{ address }]);
    const redact = (column: string) =>
      `(SELECT coalesce(jsonb_agg(CASE WHEN lower(e->>'address') = $1 THEN jsonb_build_object('name', NULL, 'address', $3::text) ELSE e END), '[]'::jsonb) FROM jsonb_array_elements(${column}) e)`;
    await sqlExec(tx, `UPDATE messages SET "to" = ${redact('"to"')}, cc = ${redact('cc')} WHERE "to" @> $2::jsonb OR cc @> $2::jsonb`, [address, probe, erasedAddress]);
  }

  /** Replaces a text in the office's own messages (replies, notes, acknowledgements) on these tickets. */
  async replaceInStaffText(tx: EntityManager, ticketIds: string[], from: string, to: string): Promise<void> {
    await sqlExec(
      tx,
      `UPDATE messages SET text = replace(text, $2, $3), html = replace(html, $2, $3), new_text = replace(new_text, $2, $3)
        WHERE ticket_id = ANY($1::uuid[]) AND kind <> 'inbound'`,
      [ticketIds, from, to],
    );
  }
}
