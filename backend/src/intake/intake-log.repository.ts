import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DmarcPolicy, IntakeDoor, IntakeOutcome, SenderAuthStatus } from '@newsdesk/shared';
import { DataSource } from 'typeorm';
import { sqlRow, sqlRows } from '../database/sql.js';

export interface IntakeLogRow {
  id: string;
  door: IntakeDoor;
  received_at: Date;
  processed_at: Date | null;
  from_address: string | null;
  envelope_from: string | null;
  subject: string | null;
  size: number;
  outcome: IntakeOutcome;
  reason: string | null;
  error: string | null;
  attempts: number;
  message_id: string | null;
  ticket_id: string | null;
  reference: string | null;
  sender_auth_status: SenderAuthStatus | null;
  sender_auth_reason: string | null;
  sender_dmarc_policy: DmarcPolicy | null;
}

export interface IntakeBacklogRow {
  pending: number;
  oldest: number | null;
  quarantined: number;
}

export interface OutcomeCountRow {
  outcome: IntakeOutcome;
  count: number;
}

export interface DoorLastRow {
  door: IntakeDoor;
  last: Date;
}

const COLUMNS = `r.id, r.door, r.received_at, r.processed_at, r.from_address, r.envelope_from, r.subject, r.size, r.outcome,
  r.reason, r.error, r.attempts, r.message_id, r.ticket_id, t.reference, r.sender_auth_status, r.sender_auth_reason, r.sender_dmarc_policy`;

/** The intake log's reads of raw_messages (with the ticket's reference, through tickets_view). */
@Injectable()
export class IntakeLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first; `before` is the (received_at, id) keyset cursor. One row more than `limit` tells there is a next page. */
  findPage(filter: { outcome?: IntakeOutcome; door?: IntakeDoor; before?: { at: string; id: string } }, limit: number): Promise<IntakeLogRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.outcome) where.push(`r.outcome = ${param(filter.outcome)}`);
    if (filter.door) where.push(`r.door = ${param(filter.door)}`);
    if (filter.before) where.push(`(r.received_at, r.id) < (${param(filter.before.at)}::timestamptz, ${param(filter.before.id)}::uuid)`);
    return sqlRows<IntakeLogRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM raw_messages r LEFT JOIN tickets_view t ON t.id = r.ticket_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.received_at DESC, r.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
  }

  findById(id: string): Promise<IntakeLogRow | null> {
    return sqlRow<IntakeLogRow>(this.dataSource, `SELECT ${COLUMNS} FROM raw_messages r LEFT JOIN tickets_view t ON t.id = r.ticket_id WHERE r.id = $1`, [id]);
  }

  async bytesOf(id: string): Promise<Buffer | null> {
    return (await sqlRow<{ bytes: Buffer }>(this.dataSource, 'SELECT bytes FROM raw_messages WHERE id = $1', [id]))?.bytes ?? null;
  }

  /** Pending and quarantined counts, and the age of the oldest pending message in seconds. */
  async backlog(): Promise<IntakeBacklogRow> {
    return (await sqlRow<IntakeBacklogRow>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE outcome = 'pending')::int AS pending,
              extract(epoch FROM now() - min(received_at) FILTER (WHERE outcome = 'pending'))::int AS oldest,
              count(*) FILTER (WHERE outcome = 'quarantined')::int AS quarantined
         FROM raw_messages WHERE outcome IN ('pending', 'quarantined')`,
    ))!;
  }

  outcomesLastDay(): Promise<OutcomeCountRow[]> {
    return sqlRows<OutcomeCountRow>(
      this.dataSource,
      `SELECT outcome, count(*)::int AS count FROM raw_messages WHERE received_at > now() - interval '24 hours' GROUP BY outcome`,
    );
  }

  lastArrivalPerDoor(): Promise<DoorLastRow[]> {
    return sqlRows<DoorLastRow>(this.dataSource, `SELECT door, max(received_at) AS last FROM raw_messages GROUP BY door`);
  }
}
