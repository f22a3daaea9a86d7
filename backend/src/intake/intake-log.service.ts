import { Injectable, NotFoundException } from '@nestjs/common';
import type { IntakeHealthDto, IntakeMessageDto, IntakeResultDto, Page } from '@newsdesk/shared';
import type { RequestUser } from '../common/request-user.js';
import { cursorCodec } from '../common/cursor.js';
import { isUuid } from '../common/ids.js';
import { EventsService } from '../events/events.service.js';
import type { ListIntakeMessagesQuery } from './dto/list-intake-messages.query.js';
import { ImapDoor } from './doors/imap-door.js';
import { IntakeLogRepository, type IntakeLogRow } from './intake-log.repository.js';
import { IntakeService } from './intake.service.js';
import { conflict } from '../common/http-errors.js';

const PAGE_CURSOR = cursorCodec('intake-messages', ['timestamp', 'uuid']);

function toIntakeMessageDto(row: IntakeLogRow): IntakeMessageDto {
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
    private readonly log: IntakeLogRepository,
    private readonly intake: IntakeService,
    private readonly events: EventsService,
    private readonly imap: ImapDoor,
  ) {}

  async list(query: ListIntakeMessagesQuery): Promise<Page<IntakeMessageDto>> {
    const limit = query.limit ?? 50;
    let before: { at: string; id: string } | undefined;
    if (query.cursor) {
      const [at, id] = PAGE_CURSOR.decode(query.cursor);
      before = { at, id };
    }
    const rows = await this.log.findPage({ outcome: query.outcome, door: query.door, before }, limit);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toIntakeMessageDto),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.received_at.toISOString(), last.id]) : null,
    };
  }

  async get(id: string): Promise<IntakeMessageDto> {
    const row = isUuid(id) ? await this.log.findById(id) : null;
    if (!row) throw new NotFoundException('Intake message not found');
    return toIntakeMessageDto(row);
  }

  async raw(id: string): Promise<Buffer> {
    const bytes = isUuid(id) ? await this.log.bytesOf(id) : null;
    if (!bytes) throw new NotFoundException('Intake message not found');
    return bytes;
  }

  async reprocess(id: string, actor: RequestUser): Promise<IntakeResultDto> {
    const current = await this.get(id);
    if (current.outcome !== 'quarantined') {
      throw conflict('invalid_state', `Only quarantined messages can be reprocessed; this one is ${current.outcome}`);
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
    const pending = await this.log.backlog();
    const outcomes = await this.log.outcomesLastDay();
    const doors = await this.log.lastArrivalPerDoor();
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
