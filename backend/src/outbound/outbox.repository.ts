import { Injectable } from '@nestjs/common';
import type { AddressDto, DeliveryStatus, OutboundKind } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';
import { OutboundMessage } from './outbound-message.entity.js';

/** A generated notification with files (the manager's digest), queued once per Message-ID. */
export interface GeneratedNotificationMail {
  from: string;
  to: AddressDto[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  rfcMessageId: string;
  /** Base64 content, stored in `generated_attachments`. */
  attachments: { filename: string; contentType: string; content: string }[];
}

/** The columns of a mail every reader of the outbox needs. */
interface OutboundMailRow {
  id: string;
  kind: OutboundKind;
  ticket_id: string | null;
  from_address: string;
  from_name: string | null;
  to_addresses: AddressDto[];
  cc_addresses: AddressDto[];
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  rfc_message_id: string;
  attempts: number;
}

/** An outbox row as the admin list and the .eml download read it (with the ticket's reference). */
export interface OutboxListRow extends OutboundMailRow {
  status: DeliveryStatus;
  delivered_via: 'smtp' | 'outbox' | null;
  last_error: string | null;
  smtp_response: string | null;
  created_at: Date;
  sent_at: Date | null;
  reference: string | null;
}

/** An outbox row with the bytes that went out, when it was sent. */
export type OutboxMimeRow = Omit<OutboxListRow, 'reference'> & { sent_bytes: Buffer | null };

/** A mail a worker claimed: what it needs to compose and send it. */
export interface ClaimedMailRow extends OutboundMailRow {
  message_id: string | null;
  generated_attachments: { filename: string; contentType: string; content: string }[];
}

/** How long a claimed mail may stay in `sending` before another pass may take it (the process died mid-send). */
const LEASE = `interval '5 minutes'`;

/** The SQL of outbound_messages and outbound_sent_mime: typed rows in and out, no decisions. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first, after the keyset position `before`; `limit` + 1 rows when there is a next page. */
  findPage(filter: { status?: DeliveryStatus; kind?: OutboundKind; before?: { at: string; id: string } }, limit: number): Promise<OutboxListRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.status) where.push(`o.status = ${param(filter.status)}`);
    if (filter.kind) where.push(`o.kind = ${param(filter.kind)}`);
    if (filter.before) where.push(`(o.created_at, o.id) < (${param(filter.before.at)}::timestamptz, ${param(filter.before.id)}::uuid)`);
    return sqlRows<OutboxListRow>(
      this.dataSource,
      `SELECT o.*, t.reference FROM outbound_messages o LEFT JOIN tickets_view t ON t.id = o.ticket_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY o.created_at DESC, o.id DESC LIMIT ${limit + 1}`,
      params,
    );
  }

  findWithSentMime(id: string): Promise<OutboxMimeRow | null> {
    return sqlRow<OutboxMimeRow>(
      this.dataSource,
      `SELECT o.*, m.bytes AS sent_bytes FROM outbound_messages o LEFT JOIN outbound_sent_mime m ON m.outbound_message_id = o.id WHERE o.id = $1`,
      [id],
    );
  }

  /** Milliseconds until the earliest mail still to send falls due (negative when overdue), or null when none waits. */
  async msUntilNextDue(now: Date): Promise<number | null> {
    const row = await sqlRow<{ ms: number | null }>(
      this.dataSource,
      `SELECT extract(epoch FROM min(next_attempt_at) - greatest(now(), $1::timestamptz)) * 1000 AS ms FROM outbound_messages WHERE status IN ('queued', 'sending')`,
      [now],
    );
    return row?.ms ?? null;
  }

  /**
   * Claims the mail due longest (on the database's clock or the app's `now`) for one send: `sending`,
   * one more attempt, and a lease on the same clock, in one statement so two workers never share a mail.
   */
  claimDue(now: Date): Promise<ClaimedMailRow | null> {
    // The lease runs on the same clock as due-ness: a test clock moved past now() + lease made a mail in flight claimable twice.
    return sqlRow<ClaimedMailRow>(
      this.dataSource,
      `UPDATE outbound_messages SET status = 'sending', attempts = attempts + 1, next_attempt_at = greatest(now(), $1::timestamptz) + ${LEASE}
        WHERE id = (
          SELECT id FROM outbound_messages
           WHERE status IN ('queued', 'sending') AND next_attempt_at <= greatest(now(), $1::timestamptz)
           ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, ticket_id, message_id, from_address, from_name, to_addresses, cc_addresses, subject, text, html, headers, rfc_message_id, attempts, generated_attachments`,
      [now],
    );
  }

  /** Marks a claimed mail sent and keeps the bytes that went out (the first copy recorded stays, should a lapsed lease ever send twice). */
  async markSent(tx: EntityManager, id: string, sent: { response: string; via: 'smtp' | 'outbox'; bytes: Buffer; sha256: string }): Promise<void> {
    await sqlExec(
      tx,
      `UPDATE outbound_messages SET status = 'sent', smtp_response = $2, sent_at = now(), last_error = NULL, delivered_via = $3 WHERE id = $1 AND status = 'sending'`,
      [id, sent.response, sent.via],
    );
    await sqlExec(tx, `INSERT INTO outbound_sent_mime (outbound_message_id, bytes, sha256) VALUES ($1, $2, $3) ON CONFLICT (outbound_message_id) DO NOTHING`, [
      id,
      sent.bytes,
      sent.sha256,
    ]);
  }

  async markFailed(tx: EntityManager, id: string, reason: string): Promise<void> {
    await sqlExec(tx, `UPDATE outbound_messages SET status = 'failed', last_error = $2 WHERE id = $1`, [id, reason]);
  }

  /** Back in the queue for another attempt after `delaySeconds`. */
  async retryLater(id: string, reason: string, delaySeconds: number): Promise<void> {
    await sqlExec(this.dataSource, `UPDATE outbound_messages SET status = 'queued', last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`, [
      id,
      reason,
      delaySeconds,
    ]);
  }

  /**
   * Cancels a reply still queued (waits for a worker holding the row; a mail already being sent is
   * not `queued` then): the cancelled row, or null when it was not cancellable.
   */
  cancelQueuedReply(tx: EntityManager, messageId: string, cancelledById: string): Promise<{ id: string; scheduled_for: Date | null } | null> {
    return sqlRow<{ id: string; scheduled_for: Date | null }>(
      tx,
      `UPDATE outbound_messages SET status = 'cancelled', cancelled_at = now(), cancelled_by_id = $2
        WHERE message_id = $1 AND kind = 'reply' AND status = 'queued' RETURNING id, scheduled_for`,
      [messageId, cancelledById],
    );
  }

  /** The delivery status of a message's reply row, or null when it has none. */
  async findReplyStatus(tx: EntityManager, messageId: string): Promise<DeliveryStatus | null> {
    const row = await sqlRow<{ status: DeliveryStatus }>(tx, `SELECT status FROM outbound_messages WHERE message_id = $1 AND kind = 'reply'`, [messageId]);
    return row?.status ?? null;
  }
}

/**
 * Queueing a mail runs inside other modules' transactions (a reply, a notice, a password reset), and
 * the ticket page reads its replies' deliveries: the caller's manager is the only connection.
 */
@Injectable()
export class OutboxQueueRepository {
  /** The reply rows of a ticket (the thread shows each one's delivery on its message). */
  findTicketReplies(tx: EntityManager, ticketId: string): Promise<OutboundMessage[]> {
    return tx.getRepository(OutboundMessage).find({ where: { ticketId, kind: 'reply' } });
  }

  /** Which of these Message-IDs are in the outbox already. */
  async findQueuedRfcMessageIds(db: EntityManager, rfcMessageIds: string[]): Promise<string[]> {
    const rows = await sqlRows<{ rfc_message_id: string }>(db, `SELECT rfc_message_id FROM outbound_messages WHERE rfc_message_id = ANY($1::text[])`, [rfcMessageIds]);
    return rows.map((row) => row.rfc_message_id);
  }

  /** Queues a generated notification mail unless its Message-ID is queued already; true when this call queued it. */
  async insertNotificationOnce(db: EntityManager, mail: GeneratedNotificationMail): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO outbound_messages (kind, from_address, to_addresses, subject, text, html, headers, rfc_message_id, generated_attachments)
       VALUES ('notification', $1, $2::jsonb, $3, $4, $5, $6::jsonb, $7, $8::jsonb)
       ON CONFLICT (rfc_message_id) DO NOTHING RETURNING id`,
      [
        mail.from,
        JSON.stringify(mail.to),
        mail.subject,
        mail.text,
        mail.html,
        JSON.stringify(mail.headers),
        mail.rfcMessageId,
        JSON.stringify(mail.attachments),
      ],
    );
    return rows.length > 0;
  }

  /** Queues a mail: the row as stored, with its generated id. */
  async insert(tx: EntityManager, mail: DeepPartial<OutboundMessage>): Promise<OutboundMessage> {
    const repository = tx.getRepository(OutboundMessage);
    const row = repository.create(mail);
    await repository.insert(row);
    return row;
  }
}
