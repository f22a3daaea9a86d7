import { BadRequestException, Injectable } from '@nestjs/common';
import type { DeadlineMissDto, MetricFiltersDto, MetricsComparisonDto, MetricValuesDto, Page } from '@newsdesk/shared';
import { cursorCodec } from '../common/cursor.js';
import { AppConfig } from '../config/app-config.js';
import type { DeadlineMissesQuery } from './dto/metric-reports.query.js';
import type { MetricFiltersQuery, MetricsSummaryQuery } from './dto/metrics.query.js';
import { addDays, isLocalDate } from './local-dates.js';
import { MetricsRepository, type DeadlineMissRow } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { compareValues, previousPeriod } from './period-comparison.js';
import { RollupsService } from './rollups.service.js';

const DEFAULT_DAYS = 30;

/** A group with no activity in a period: counts of zero, nothing to take a median of. */
const NOTHING: MetricValuesDto = {
  received: 0,
  assigned: 0,
  timeToAcknowledge: { count: 0, medianSeconds: null, p90Seconds: null },
  firstResponseTime: { count: 0, medianSeconds: null, p90Seconds: null },
  resolutionTime: { count: 0, medianSeconds: null, p90Seconds: null, reopened: 0 },
  reopens: 0,
  deadlines: { met: 0, missed: 0, pending: 0, hitRate: null, noDeadline: 0 },
  backlog: 0,
};
const DEFAULT_MISSES_PAGE = 50;


/**
 * What managers forward: a range against the one before it, and the missed deadlines behind the
 * hit rate. Reads summaries through MetricsService; the misses are a separate read of the stored
 * facts (metric_facts, kind deadline_missed) through their own partial index, newest first.
 */
@Injectable()
export class MetricReportsService {
  constructor(
    private readonly metrics: MetricsService,
    private readonly repository: MetricsRepository,
    private readonly rollups: RollupsService,
    private readonly config: AppConfig,
  ) {}

  /** Every compared figure of the range (and of each group) against the same number of days just before it. */
  async comparison(query: MetricsSummaryQuery): Promise<MetricsComparisonDto> {
    const current = await this.metrics.summary(query);
    const before = previousPeriod(current.from, current.to);
    const previous = await this.metrics.summary({ ...query, from: before.from, to: before.to });
    const previousGroups = new Map(previous.groups.map((group) => [group.key, group.values]));
    return {
      from: current.from,
      to: current.to,
      previousFrom: before.from,
      previousTo: before.to,
      timeZone: current.timeZone,
      current: current.totals,
      previous: previous.totals,
      figures: compareValues(current.totals, previous.totals),
      groupBy: current.groupBy,
      groups: current.groups.map((group) => ({ key: group.key, label: group.label, figures: compareValues(group.values, previousGroups.get(group.key) ?? NOTHING) })),
    };
  }

  /** The deadlines missed in the range, newest deadline first, with who asked, from where, who held it and how late. */
  async deadlineMisses(query: DeadlineMissesQuery): Promise<Page<DeadlineMissDto>> {
    const { from, to } = await this.range(query);
    const limit = query.limit ?? DEFAULT_MISSES_PAGE;
    const before = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.repository.deadlineMisses({ timeZone: this.rollups.timeZone, from, to, filters: filtersOf(query), before, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toDeadlineMissDto), nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.ticket_id) : null };
  }

  /** Every miss of the range (at most `max`, newest first), for a CSV download. */
  async allDeadlineMisses(query: DeadlineMissesQuery, max: number): Promise<DeadlineMissDto[]> {
    const misses: DeadlineMissDto[] = [];
    for (let cursor: string | null | undefined = undefined; misses.length < max && cursor !== null; ) {
      const page = await this.deadlineMisses({ ...query, limit: 200, cursor });
      misses.push(...page.items);
      cursor = page.nextCursor;
    }
    return misses.slice(0, max);
  }

  /** The same range rules as every metrics read: office-local dates, `to` at most today, 30 days by default. */
  private async range(query: MetricFiltersQuery): Promise<{ from: string; to: string }> {
    for (const [name, value] of [['from', query.from], ['to', query.to]] as const) {
      if (value !== undefined && !isLocalDate(value)) throw new BadRequestException(`${name} is not a calendar date`);
    }
    // The facts of today are refreshed like every other read's.
    const { today } = await this.rollups.refresh(2 * this.config.METRICS_REFRESH_SECONDS);
    const to = query.to && query.to < today ? query.to : today;
    const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
    if (query.from && query.from > today) throw new BadRequestException(`from is after today (${today} in ${this.rollups.timeZone})`);
    if (from > to) throw new BadRequestException('from must be on or before to');
    return { from, to };
  }
}

export function toDeadlineMissDto(row: DeadlineMissRow): DeadlineMissDto {
  return {
    ticketId: row.ticket_id,
    reference: row.reference,
    subject: row.subject,
    deadlineAt: new Date(row.at).toISOString(),
    answeredAt: row.first_response_at ? row.first_response_at.toISOString() : null,
    lateSeconds: Math.max(0, row.late_seconds),
    journalist: row.journalist_id ? { id: row.journalist_id, name: row.journalist_name, email: row.journalist_email } : null,
    outlet: row.outlet_id ? { id: row.outlet_id, name: row.outlet_name ?? '', tier: row.outlet_tier } : null,
    officer: row.officer ? { id: row.officer, name: row.officer_name ?? '' } : null,
  };
}

function filtersOf(query: MetricFiltersQuery): MetricFiltersDto {
  const filters: MetricFiltersDto = {};
  if (query.officer) filters.officer = query.officer.toLowerCase();
  if (query.team) filters.team = query.team.toLowerCase();
  if (query.outlet) filters.outlet = query.outlet.toLowerCase();
  if (query.tier) filters.tier = query.tier;
  if (query.topic) filters.topic = query.topic.trim().toLowerCase();
  if (query.channel) filters.channel = query.channel;
  if (query.requestType) filters.requestType = query.requestType;
  return filters;
}

const PAGE_CURSOR = cursorCodec('deadline-misses', ['timestamp', 'uuid']);

function encodeCursor(at: string, id: string): string {
  return PAGE_CURSOR.encode([at, id]);
}

function decodeCursor(raw: string): { at: string; id: string } {
  const [at, id] = PAGE_CURSOR.decode(raw);
  return { at, id };
}
