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

/** The messages table: a ticket's conversation (inbound, outbound, notes). */
@Injectable()
export class MessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A ticket's messages, oldest first, with their staff author. */
  forTicket(ticketId: string): Promise<Message[]> {
    return this.dataSource.getRepository(Message).find({ where: { ticketId }, relations: { author: true }, order: { createdAt: 'ASC' } });
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
    const row = await sqlRow<{ signature: string | null }>(tx, `SELECT u.signature FROM messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.id = $1`, [id]);
    return row?.signature ?? null;
  }

  /** A held reply edited by its approver: the rendered text, HTML and plain text replace the old. */
  async replaceBody(tx: EntityManager, id: string, body: { text: string; html: string; plain: string }): Promise<void> {
    await sqlExec(tx, `UPDATE messages SET text = $2, html = $3, new_text = $4 WHERE id = $1`, [id, body.text, body.html, body.plain]);
  }
}
