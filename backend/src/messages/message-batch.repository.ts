import { Injectable } from '@nestjs/common';
import type { AddressDto, DmarcPolicy, SenderAuthStatus, SenderSource } from '@newsdesk/shared';
import type { EntityManager } from 'typeorm';
import { sqlExec, sqlRows } from '../database/sql.js';
import { valuesList } from '../database/values-list.js';

/** An inbound message as the intake stores it. */
export interface InboundMessageRow {
  id: string;
  ticketId: string;
  fromName: string | null;
  fromAddress: string | null;
  to: AddressDto[];
  cc: AddressDto[];
  subject: string | null;
  text: string | null;
  html: string | null;
  remoteImages: number;
  newText: string | null;
  senderSource: SenderSource | null;
  otherFrom: string[];
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  rawMessageId: string;
  contentHash: string;
  senderAuthStatus: SenderAuthStatus;
  senderAuthReason: string;
  senderDmarcPolicy: DmarcPolicy | null;
  flags: string[];
}

/** Messages written by the intake's persist stage. */
@Injectable()
export class MessageBatchRepository {
  /** Tickets holding an inbound message with one of these Message-IDs. */
  async ticketsOfInboundIds(tx: EntityManager, messageIds: string[]): Promise<string[]> {
    const rows = await sqlRows<{ ticket_id: string }>(tx, `SELECT DISTINCT ticket_id FROM messages WHERE message_id = ANY($1::text[]) AND kind = 'inbound'`, [messageIds]);
    return rows.map((row) => row.ticket_id);
  }

  /** One INSERT for all the inbound messages. */
  async insertInbound(tx: EntityManager, messages: InboundMessageRow[]): Promise<void> {
    if (!messages.length) return;
    const { text, params } = valuesList(
      messages.map((m) => [
        m.id,
        m.ticketId,
        'inbound',
        m.fromName,
        m.fromAddress,
        JSON.stringify(m.to),
        JSON.stringify(m.cc),
        m.subject,
        m.text,
        m.html,
        m.remoteImages,
        m.newText,
        m.senderSource,
        m.otherFrom,
        m.messageId,
        m.inReplyTo,
        m.references,
        m.rawMessageId,
        m.contentHash,
        m.senderAuthStatus,
        m.senderAuthReason,
        m.senderDmarcPolicy,
        m.flags,
      ]),
      ['uuid', 'uuid', 'text', 'text', 'text', 'jsonb', 'jsonb', 'text', 'text', 'text', 'int', 'text', 'text', 'text[]', 'text', 'text', 'text[]', 'uuid', 'text', 'text', 'text', 'text', 'text[]'],
    );
    await sqlExec(
      tx,
      `INSERT INTO messages (id, ticket_id, kind, from_name, from_address, "to", cc, subject, text, html, remote_images, new_text, sender_source,
                             other_from, message_id, in_reply_to, "references", raw_message_id, content_hash, sender_auth_status,
                             sender_auth_reason, sender_dmarc_policy, flags)
       VALUES ${text}`,
      params,
      { named: true },
    );
  }
}
