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

/** A mail accepted by the server (or written to the folder), with the bytes that went out. */
export interface SentOutcome {
  outcome: 'sent';
  id: string;
  response: string;
  via: 'smtp' | 'outbox';
  bytes: Buffer;
  sha256: string;
}

/** What became of one claimed mail in a batch. */
export type MailOutcome =
  | SentOutcome
  | { outcome: 'failed'; id: string; reason: string }
  | { outcome: 'retry'; id: string; reason: string; delaySeconds: number }
  | { outcome: 'released'; id: string };

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
   * Claims up to `limit` mails due longest (on the database's clock or the app's `now`) in one statement:
   * `sending`, one more attempt, and a lease on the same clock; SKIP LOCKED so two workers never share a mail.
   */
  claimDueBatch(now: Date, limit: number): Promise<ClaimedMailRow[]> {
    // The lease runs on the same clock as due-ness: a test clock moved past now() + lease made a mail in flight claimable twice.
    return sqlRows<ClaimedMailRow>(
      this.dataSource,
      `WITH due AS MATERIALIZED (
         SELECT id FROM outbound_messages
          WHERE status IN ('queued', 'sending') AND next_attempt_at <= greatest(now(), $1::timestamptz)
          ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE outbound_messages o SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = greatest(now(), $1::timestamptz) + ${LEASE}
         FROM due WHERE o.id = due.id
       RETURNING o.id, o.kind, o.ticket_id, o.message_id, o.from_address, o.from_name, o.to_addresses, o.cc_addresses, o.subject, o.text, o.html,
                 o.headers, o.rfc_message_id, o.attempts, o.generated_attachments`,
      [now, limit],
    );
  }

  /**
   * A batch's outcomes in one statement (atomic on its own: no transaction is needed around it): sent (only a
   * mail still `sending`), failed, retry after its delay, or released (claimed but never tried: the attempt is
   * given back, due at once); and the sent mails' MIME bytes, which the .eml download serves (the first copy
   * recorded stays, should a lapsed lease ever send twice).
   */
  async recordOutcomes(db: EntityManager, outcomes: MailOutcome[]): Promise<void> {
    if (!outcomes.length) return;
    const sent = outcomes.filter((outcome): outcome is SentOutcome => outcome.outcome === 'sent');
    await sqlExec(
      db,
      `WITH mime AS (
         INSERT INTO outbound_sent_mime (outbound_message_id, bytes, sha256)
         SELECT * FROM unnest($7::uuid[], $8::bytea[], $9::text[]) ON CONFLICT (outbound_message_id) DO NOTHING)
       UPDATE outbound_messages o SET
          status = CASE v.outcome WHEN 'sent' THEN 'sent' WHEN 'failed' THEN 'failed' ELSE 'queued' END,
          smtp_response = CASE v.outcome WHEN 'sent' THEN v.response ELSE o.smtp_response END,
          sent_at = CASE v.outcome WHEN 'sent' THEN now() ELSE o.sent_at END,
          delivered_via = CASE v.outcome WHEN 'sent' THEN v.via ELSE o.delivered_via END,
          last_error = CASE v.outcome WHEN 'sent' THEN NULL WHEN 'released' THEN o.last_error ELSE v.error END,
          attempts = CASE v.outcome WHEN 'released' THEN greatest(o.attempts - 1, 0) ELSE o.attempts END,
          next_attempt_at = CASE v.outcome WHEN 'retry' THEN now() + make_interval(secs => v.delay_seconds)
                                           WHEN 'released' THEN now() ELSE o.next_attempt_at END
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[]) AS v(id, outcome, response, via, error, delay_seconds)
        WHERE o.id = v.id AND (v.outcome <> 'sent' OR o.status = 'sending')`,
      [
        outcomes.map((outcome) => outcome.id),
        outcomes.map((outcome) => outcome.outcome),
        outcomes.map((outcome) => (outcome.outcome === 'sent' ? outcome.response : null)),
        outcomes.map((outcome) => (outcome.outcome === 'sent' ? outcome.via : null)),
        outcomes.map((outcome) => (outcome.outcome === 'failed' || outcome.outcome === 'retry' ? outcome.reason : null)),
        outcomes.map((outcome) => (outcome.outcome === 'retry' ? outcome.delaySeconds : null)),
        sent.map((outcome) => outcome.id),
        sent.map((outcome) => outcome.bytes),
        sent.map((outcome) => outcome.sha256),
      ],
      { named: true },
    );
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
