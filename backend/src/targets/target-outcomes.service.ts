import { BadRequestException, Injectable } from '@nestjs/common';
import type { Page, TargetBreachDto, TargetCountsDto, TargetGroup, TargetOutcomesDto } from '@newsdesk/shared';
import { Clock } from '../common/clock.js';
import { cursorCodec } from '../common/cursor.js';
import { AppConfig } from '../config/app-config.js';
import { addDays, daysBetween, isLocalDate } from '../metrics/local-dates.js';
import type { TargetOutcomesQuery } from './dto/response-target.dto.js';
import { TargetsRepository, type TargetBreachRow, type TargetCountsRow, type TargetWindow } from './targets.repository.js';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 731;
const PAGE_SIZE = 50;
const NONE_LABELS: Record<TargetGroup, string> = { officer: 'Unassigned', tier: 'No tier', topic: 'No topic' };

function toCounts(row: Pick<TargetCountsRow, 'hits' | 'breaches' | 'pending'>): TargetCountsDto {
  const decided = row.hits + row.breaches;
  return { hits: row.hits, breaches: row.breaches, pending: row.pending, hitRate: decided ? row.hits / decided : null };
}

export function toTargetBreachDto(row: TargetBreachRow): TargetBreachDto {
  return {
    ticketId: row.ticket_id,
    reference: row.reference,
    subject: row.subject,
    officer: row.officer_id ? { id: row.officer_id, name: row.officer_name ?? '' } : null,
    outlet: row.outlet_id ? { id: row.outlet_id, name: row.outlet_name ?? '', tier: row.outlet_tier } : null,
    requestType: row.request_type,
    targetMinutes: row.target_minutes,
    dueAt: row.target_due_at.toISOString(),
    firstResponseAt: row.first_response_at?.toISOString() ?? null,
    lateSeconds: Math.max(0, row.late_seconds),
  };
}

/**
 * Hits and breaches of first-response targets for a range of office days: tickets whose target
 * fell due in it, counted from stored columns (due time, first reply, officer), never recomputed.
 */
@Injectable()
export class TargetOutcomesService {
  constructor(
    private readonly repository: TargetsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async outcomes(query: TargetOutcomesQuery): Promise<TargetOutcomesDto> {
    const window = this.window(query);
    const groupBy = query.groupBy ?? 'officer';
    const rows = await this.repository.counts(window, groupBy);
    const total = rows.find((row) => row.total) ?? { hits: 0, breaches: 0, pending: 0 };
    const groups = rows
      .filter((row) => !row.total && row.hits + row.breaches + row.pending > 0)
      .map((row) => ({ key: row.key, label: row.key === null ? NONE_LABELS[groupBy] : (row.label ?? row.key), ...toCounts(row) }))
      .sort((a, b) => b.breaches - a.breaches || a.label.localeCompare(b.label));
    return { from: window.from, to: window.to, groupBy, total: toCounts(total), rows: groups };
  }

  async breaches(query: TargetOutcomesQuery): Promise<Page<TargetBreachDto>> {
    const window = this.window(query);
    const limit = query.limit ?? PAGE_SIZE;
    const rows = await this.repository.breaches(window, limit + 1, query.cursor ? decodeCursor(query.cursor) : null);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toTargetBreachDto),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.target_due_at.toISOString(), last.ticket_id]) : null,
    };
  }

  private window(query: TargetOutcomesQuery): TargetWindow {
    const now = this.clock.now();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: this.config.OFFICE_TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    const to = query.to ?? today;
    const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
    if (!isLocalDate(from) || !isLocalDate(to)) throw new BadRequestException('from and to must be real dates like 2026-03-01');
    if (from > to) throw new BadRequestException('from must not be after to');
    if (daysBetween(from, to) >= MAX_DAYS) throw new BadRequestException(`A range covers at most ${MAX_DAYS} days`);
    return { from, to, timeZone: this.config.OFFICE_TIMEZONE, now, officer: query.officer?.toLowerCase(), tier: query.tier, topic: query.topic };
  }
}

const PAGE_CURSOR = cursorCodec('target-breaches', ['timestamp', 'uuid']);

function decodeCursor(cursor: string): { dueAt: string; id: string } {
  const [dueAt, id] = PAGE_CURSOR.decode(cursor);
  return { dueAt, id };
}
