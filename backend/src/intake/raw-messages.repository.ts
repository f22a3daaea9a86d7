import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DmarcPolicy, IntakeDoor, IntakeOutcome, SenderAuthStatus } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { ADVISORY_LOCK_NAMESPACES } from '../database/advisory-locks.js';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';
import type { NewRawRow } from './raw-store.js';

/** A raw message claimed for processing (its bytes come from the accepting process's memory or `bytesOf`). */
export interface ClaimedRawRow {
  id: string;
  door: IntakeDoor;
  size: number;
  received_at: Date;
  envelope_from: string | null;
  client_ip: string | null;
  helo: string | null;
  smtp_authenticated: boolean;
  source: string | null;
}

/** How processing left a raw message: written on it for the intake log. */
export interface SettledRaw {
  id: string;
  outcome: IntakeOutcome;
  reason: string;
  ticketId: string | null;
  messageId: string;
  fromAddress: string | null;
  subject: string | null;
  contentHash: string;
  senderAuthStatus: SenderAuthStatus;
  senderAuthReason: string;
  senderDmarcPolicy: DmarcPolicy | null;
}

/** What a quarantine keeps: the error, and who the mail claimed to be as far as it was read. */
export interface QuarantinedRaw {
  id: string;
  error: string;
  messageId: string | null;
  fromAddress: string | null;
  subject: string | null;
  senderAuthStatus: SenderAuthStatus | null;
  senderAuthReason: string | null;
  senderDmarcPolicy: DmarcPolicy | null;
}

export interface IntakeResultRow {
  id: string;
  outcome: IntakeOutcome;
  ticket_id: string | null;
  reference: string | null;
  message_id: string | null;
  reason: string | null;
  error: string | null;
}

/** An earlier message with the same Message-ID: a duplicate when its content or bytes are the same. */
export interface PreviousMessageRow {
  message_id: string;
  ticket_id: string | null;
  content_hash: string | null;
  same_bytes: boolean | null;
}

export interface PendingRaw {
  id: string;
  size: number;
}

interface BytesRow {
  id: string;
  bytes: Buffer;
}

interface QuarantineRow {
  ticketId: string | null;
  error: string;
}

/** The intake's own table, raw_messages, and the Message-ID locks that order work on it. */
@Injectable()
export class RawMessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One INSERT for all (group commit, import); a null sha256 is computed by PostgreSQL from the bytes, off the event loop. */
  async insertMany(db: EntityManager, rows: NewRawRow[]): Promise<void> {
    if (!rows.length) return;
    const params: unknown[] = [];
    const values = rows.map(({ id, input, sha256 }) => {
      const base = params.length;
      params.push(id, input.door, input.bytes, sha256, input.bytes.length, input.envelopeFrom ?? null, input.envelopeTo ?? [], input.source ?? null);
      params.push(input.clientIp ?? null, input.helo ?? null, input.smtpAuthenticated ?? false);
      // coalesce stops at a given hash: PostgreSQL hashes only the rows the caller left without one.
      return `($${base + 1}::uuid, $${base + 2}, $${base + 3}::bytea, coalesce($${base + 4}::text, encode(sha256($${base + 3}::bytea), 'hex')), $${base + 5}::int, $${base + 6}, $${base + 7}::text[], $${base + 8}, $${base + 9}, $${base + 10}, $${base + 11}::boolean)`;
    });
    await sqlExec(
      db,
      `INSERT INTO raw_messages (id, door, bytes, sha256, size, envelope_from, envelope_to, source, client_ip, helo, smtp_authenticated) VALUES ${values.join(', ')}`,
      params,
      { named: true },
    );
  }

  /** Pending rows of these doors with these hashes, oldest first (an interrupted import's rows, reused by a re-run). */
  pendingWithHashes(db: EntityManager, sha256s: string[], doors: IntakeDoor[]): Promise<{ id: string; sha256: string }[]> {
    return sqlRows<{ id: string; sha256: string }>(
      db,
      `SELECT id, sha256 FROM raw_messages WHERE sha256 = ANY($1::text[]) AND door = ANY($2::text[]) AND outcome = 'pending' ORDER BY received_at`,
      [sha256s, doors],
    );
  }

  /** Locks the rows still in one of `outcomes`, in the order of `ids`; with `skipLocked`, rows another transaction holds are left out. */
  claim(tx: EntityManager, ids: string[], outcomes: IntakeOutcome[], skipLocked: boolean): Promise<ClaimedRawRow[]> {
    return sqlRows<ClaimedRawRow>(
      tx,
      `SELECT id, door, size, received_at, envelope_from, client_ip, helo, smtp_authenticated, source FROM raw_messages
        WHERE id = ANY($1::uuid[]) AND outcome = ANY($2::text[]) ORDER BY array_position($1::uuid[], id) FOR UPDATE ${skipLocked ? 'SKIP LOCKED' : ''}`,
      [ids, outcomes],
      { named: true },
    );
  }

  async bytesOf(tx: EntityManager, ids: string[]): Promise<Map<string, Buffer>> {
    if (!ids.length) return new Map();
    const rows = await sqlRows<BytesRow>(tx, 'SELECT id, bytes FROM raw_messages WHERE id = ANY($1::uuid[])', [ids]);
    return new Map(rows.map((row) => [row.id, row.bytes]));
  }

  /** One message at a time per Message-ID, whichever doors it arrives through; keys taken in order so two batches never deadlock. */
  async lockMessageIds(tx: EntityManager, messageIds: string[]): Promise<void> {
    await sqlRows(
      tx,
      `SELECT pg_advisory_xact_lock($1, k) FROM (SELECT DISTINCT hashtext(m) AS k FROM unnest($2::text[]) AS m ORDER BY 1) AS keys`,
      [ADVISORY_LOCK_NAMESPACES.messageId, messageIds],
      { named: true },
    );
  }

  /** Writes the outcomes of processed messages (the verdict goes on the raw message for the intake log). */
  async settleMany(tx: EntityManager, settled: SettledRaw[]): Promise<void> {
    if (!settled.length) return;
    const column = <K extends keyof SettledRaw>(key: K) => settled.map((row) => row[key]);
    await sqlExec(
      tx,
      `UPDATE raw_messages AS r
          SET outcome = s.outcome, reason = s.reason, ticket_id = s.ticket_id, message_id = s.message_id, from_address = s.from_address,
              subject = s.subject, content_hash = s.content_hash, processed_at = now(), error = NULL, attempts = r.attempts + 1,
              sender_auth_status = s.sender_auth_status, sender_auth_reason = s.sender_auth_reason, sender_dmarc_policy = s.sender_dmarc_policy
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
              AS s(id, outcome, reason, ticket_id, message_id, from_address, subject, content_hash, sender_auth_status, sender_auth_reason, sender_dmarc_policy)
        WHERE r.id = s.id`,
      [
        column('id'),
        column('outcome'),
        column('reason'),
        column('ticketId'),
        column('messageId'),
        column('fromAddress'),
        column('subject'),
        column('contentHash'),
        column('senderAuthStatus'),
        column('senderAuthReason'),
        column('senderDmarcPolicy'),
      ],
      { named: true },
    );
  }

  /** Quarantines a message with its error; what was read of it before the failure is kept. Null when the row is gone. */
  quarantine(tx: EntityManager, row: QuarantinedRaw): Promise<QuarantineRow | null> {
    return sqlRow<QuarantineRow>(
      tx,
      `UPDATE raw_messages SET outcome = 'quarantined', error = $2, processed_at = now(), attempts = attempts + 1,
              message_id = coalesce($3, message_id), from_address = coalesce($4, from_address), subject = coalesce($5, subject),
              sender_auth_status = $6, sender_auth_reason = $7, sender_dmarc_policy = $8
        WHERE id = $1 RETURNING ticket_id AS "ticketId", error`,
      [row.id, row.error, row.messageId, row.fromAddress, row.subject, row.senderAuthStatus, row.senderAuthReason, row.senderDmarcPolicy],
    );
  }

  /** Erasure: the bytes and who sent them dropped from these raw messages and any from the addresses; the count. */
  eraseSenders(tx: EntityManager, rawIds: string[], addresses: string[]): Promise<number> {
    return sqlExec(
      tx,
      `UPDATE raw_messages SET bytes = '\\x'::bytea, from_address = NULL, envelope_from = NULL, subject = NULL, reason = 'personal data erased'
        WHERE id = ANY($1::uuid[]) OR lower(from_address) = ANY($2::text[]) OR lower(envelope_from) = ANY($2::text[])
        RETURNING id`,
      [rawIds, addresses],
    );
  }

  /** Outcomes with the ticket's reference, in the order of `ids`. */
  async results(ids: string[]): Promise<IntakeResultRow[]> {
    const rows = await sqlRows<IntakeResultRow>(
      this.dataSource,
      `SELECT r.id, r.outcome, r.ticket_id, t.reference, r.message_id, r.reason, r.error
         FROM raw_messages r LEFT JOIN tickets_view t ON t.id = r.ticket_id WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The next pending ids in arrival order, leaving out `known` (queued, in flight or held by another replica). */
  pendingIds(limit: number, known: string[]): Promise<PendingRaw[]> {
    return sqlRows<PendingRaw>(
      this.dataSource,
      `SELECT id, size FROM raw_messages WHERE outcome = 'pending' AND NOT (id = ANY($2::uuid[])) ORDER BY received_at LIMIT $1`,
      [limit, known],
    );
  }
}
