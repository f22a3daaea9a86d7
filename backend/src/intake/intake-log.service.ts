import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { DmarcPolicy, IntakeHealthDto, IntakeMessageDto, IntakeResultDto, Page, SenderAuthStatus } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { cursorCodec } from '../common/cursor.js';
import { isUuid } from '../common/ids.js';
import { EventsService } from '../events/events.service.js';
import type { ListIntakeMessagesQuery } from './dto/list-intake-messages.query.js';
import { ImapDoor } from './doors/imap-door.js';
import { IntakeService } from './intake.service.js';

const PAGE_CURSOR = cursorCodec('intake-messages', ['timestamp', 'uuid']);

interface LogRow {
  id: string;
  door: IntakeMessageDto['door'];
  received_at: Date;
  processed_at: Date | null;
  from_address: string | null;
  envelope_from: string | null;
  subject: string | null;
  size: number;
  outcome: IntakeMessageDto['outcome'];
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

const COLUMNS = `r.id, r.door, r.received_at, r.processed_at, r.from_address, r.envelope_from, r.subject, r.size, r.outcome,
  r.reason, r.error, r.attempts, r.message_id, r.ticket_id, t.reference, r.sender_auth_status, r.sender_auth_reason, r.sender_dmarc_policy`;

function toIntakeMessageDto(row: LogRow): IntakeMessageDto {
  return {
    id: row.id,
    door: row.door,
    receivedAt: row.received_at.toISOString(),
    processedAt: row.processed_at?.toISOString() ?? null,
    from: row.from_address ?? row.envelope_from,
    subject: row.subject,
    size: row.size,
    outcome: row.outcome,
    reason: row.reason,
    error: row.error,
    attempts: row.attempts,
    messageId: row.message_id,
    ticket: row.ticket_id && row.reference ? { id: row.ticket_id, reference: row.reference } : null,
    senderAuth: row.sender_auth_status ? { status: row.sender_auth_status, reason: row.sender_auth_reason ?? '', dmarcPolicy: row.sender_dmarc_policy } : null,
  };
}

/** The intake log: what arrived through which door, and what became of it. */
@Injectable()
export class IntakeLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: IntakeService,
    private readonly events: EventsService,
    private readonly imap: ImapDoor,
  ) {}

  async list(query: ListIntakeMessagesQuery): Promise<Page<IntakeMessageDto>> {
    const limit = query.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.outcome) where.push(`r.outcome = ${param(query.outcome)}`);
    if (query.door) where.push(`r.door = ${param(query.door)}`);
    if (query.cursor) {
      const [at, id] = PAGE_CURSOR.decode(query.cursor);
      where.push(`(r.received_at, r.id) < (${param(at)}::timestamptz, ${param(id)}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM raw_messages r LEFT JOIN tickets t ON t.id = r.ticket_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.received_at DESC, r.id DESC LIMIT ${limit + 1}`,
      params,
    )) as LogRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toIntakeMessageDto),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.received_at.toISOString(), last.id]) : null,
    };
  }

  async get(id: string): Promise<IntakeMessageDto> {
    const [row] = isUuid(id)
      ? ((await this.dataSource.query(`SELECT ${COLUMNS} FROM raw_messages r LEFT JOIN tickets t ON t.id = r.ticket_id WHERE r.id = $1`, [id])) as LogRow[])
      : [];
    if (!row) throw new NotFoundException('Intake message not found');
    return toIntakeMessageDto(row);
  }

  async raw(id: string): Promise<Buffer> {
    const [row] = isUuid(id) ? ((await this.dataSource.query('SELECT bytes FROM raw_messages WHERE id = $1', [id])) as { bytes: Buffer }[]) : [];
    if (!row) throw new NotFoundException('Intake message not found');
    return row.bytes;
  }

  async reprocess(id: string, actor: RequestUser): Promise<IntakeResultDto> {
    const current = await this.get(id);
    if (current.outcome !== 'quarantined') {
      throw new ConflictException(`Only quarantined messages can be reprocessed; this one is ${current.outcome}`);
    }
    // The event commits with the outcome it records, whether the message became a ticket or stayed quarantined.
    return this.intake.process(id, {
      reprocess: true,
      wait: true,
      onSettled: (tx, settled) =>
        this.events.record(
          {
            type: 'intake.reprocessed',
            entityType: 'raw_message',
            entityId: id,
            ticketId: settled.ticketId,
            actorId: actor.id,
            before: { outcome: current.outcome, error: current.error },
            after: { outcome: settled.outcome, error: settled.error },
          },
          tx,
        ),
    });
  }

  async health(): Promise<IntakeHealthDto> {
    const [pending] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE outcome = 'pending')::int AS pending,
              extract(epoch FROM now() - min(received_at) FILTER (WHERE outcome = 'pending'))::int AS oldest,
              count(*) FILTER (WHERE outcome = 'quarantined')::int AS quarantined
         FROM raw_messages WHERE outcome IN ('pending', 'quarantined')`,
    )) as { pending: number; oldest: number | null; quarantined: number }[];
    const outcomes = (await this.dataSource.query(
      `SELECT outcome, count(*)::int AS count FROM raw_messages WHERE received_at > now() - interval '24 hours' GROUP BY outcome`,
    )) as { outcome: IntakeMessageDto['outcome']; count: number }[];
    const doors = (await this.dataSource.query(`SELECT door, max(received_at) AS last FROM raw_messages GROUP BY door`)) as {
      door: IntakeMessageDto['door'];
      last: Date;
    }[];
    return {
      imap: await this.imap.status(),
      pending: pending.pending,
      oldestPendingSeconds: pending.oldest,
      quarantined: pending.quarantined,
      last24h: Object.fromEntries(outcomes.map((row) => [row.outcome, row.count])),
      lastReceivedAt: Object.fromEntries(doors.map((row) => [row.door, row.last.toISOString()])),
    };
  }
}
