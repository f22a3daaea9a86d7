import { BadRequestException, Injectable } from '@nestjs/common';
import type { Page, TargetBreachDto, TargetCountsDto, TargetGroup, TargetOutcomesDto } from '@newsdesk/shared';
import { Clock } from '../common/clock.js';
import { cursorCodec } from '../common/cursor.js';
import { AppConfig } from '../config/app-config.js';
import { addDays, daysBetween, isLocalDate } from '../metrics/local-dates.js';
import type { TargetBreachFactRow } from '../metrics/metrics.repository.js';
import { MetricsService, type TargetOutcomesRead, type TargetTally } from '../metrics/metrics.service.js';
import type { TargetOutcomesQuery } from './dto/response-target.dto.js';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 731;
const PAGE_SIZE = 50;
const NONE_LABELS: Record<TargetGroup, string> = { officer: 'Unassigned', tier: 'No tier', topic: 'No topic' };

function toCounts(row: Pick<TargetTally, 'hits' | 'breaches' | 'pending'>): TargetCountsDto {
  const decided = row.hits + row.breaches;
  return { hits: row.hits, breaches: row.breaches, pending: row.pending, hitRate: decided ? row.hits / decided : null };
}

export function toTargetBreachDto(row: TargetBreachFactRow): TargetBreachDto {
  return {
    ticketId: row.ticket_id,
    reference: row.reference,
    subject: row.subject,
    officer: row.officer_id ? { id: row.officer_id, name: row.officer_name ?? '' } : null,
    outlet: row.outlet_id ? { id: row.outlet_id, name: row.outlet_name ?? '', tier: row.outlet_tier } : null,
    requestType: row.request_type,
    targetMinutes: row.target_minutes,
    dueAt: row.due_at.toISOString(),
    firstResponseAt: row.first_response_at?.toISOString() ?? null,
    lateSeconds: Math.max(0, row.late_seconds),
  };
}

/**
 * Hits and breaches of first-response targets for a range of office days: tickets whose target
 * fell due in it, read from the stored metric facts and rollups (docs/metrics.md, "Response targets")
 * and judged by the injected clock: a waiting target is a breach once its due time has passed.
 */
@Injectable()
export class TargetOutcomesService {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async outcomes(query: TargetOutcomesQuery): Promise<TargetOutcomesDto> {
    const read = this.read(query);
    const counts = await this.metrics.targetCounts(read, this.clock.now());
    const rows = counts.groups
      .filter((row) => row.hits + row.breaches + row.pending > 0)
      .map((row) => ({ key: row.key || null, label: row.key ? (row.label ?? row.key) : NONE_LABELS[read.groupBy], ...toCounts(row) }))
      .sort((a, b) => b.breaches - a.breaches || a.label.localeCompare(b.label));
    return { from: counts.from, to: counts.to, groupBy: read.groupBy, total: toCounts(counts.total), rows };
  }

  async breaches(query: TargetOutcomesQuery): Promise<Page<TargetBreachDto>> {
    const limit = query.limit ?? PAGE_SIZE;
    const rows = await this.metrics.targetBreaches(this.read(query), this.clock.now(), query.cursor ? decodeCursor(query.cursor) : null, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toTargetBreachDto),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.at, last.ticket_id]) : null,
    };
  }

  /** The range checked as before (real dates, in order, at most 731 days); the metrics read keeps it to today. */
  private read(query: TargetOutcomesQuery): TargetOutcomesRead {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: this.config.OFFICE_TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(this.clock.now());
    const to = query.to ?? today;
    const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
    if (!isLocalDate(from) || !isLocalDate(to)) throw new BadRequestException('from and to must be real dates like 2026-03-01');
    if (from > to) throw new BadRequestException('from must not be after to');
    if (daysBetween(from, to) >= MAX_DAYS) throw new BadRequestException(`A range covers at most ${MAX_DAYS} days`);
    return { from, to, groupBy: query.groupBy ?? 'officer', officer: query.officer, tier: query.tier, topic: query.topic };
  }
}

const PAGE_CURSOR = cursorCodec('target-breaches', ['timestamp', 'uuid']);

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = PAGE_CURSOR.decode(cursor);
  return { at, id };
}
