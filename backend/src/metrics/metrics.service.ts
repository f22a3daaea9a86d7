import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  METRIC_UNITS,
  type DurationStatsDto,
  type MetricClock,
  type MetricFiltersDto,
  type MetricGranularity,
  type MetricGroup,
  type MetricGroupValuesDto,
  type MetricName,
  type MetricsOptionsDto,
  type MetricsSeriesDto,
  type MetricsSummaryDto,
  type MetricTicketDto,
  type MetricValuesDto,
  type OutletTier,
  type Page,
  type TargetGroup,
} from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { AppConfig } from '../config/app-config.js';
import { cursorCodec } from '../common/cursor.js';
import { isUuid } from '../common/ids.js';
import type { MetricFiltersQuery, MetricsSeriesQuery, MetricsSummaryQuery, MetricTicketsQuery } from './dto/metrics.query.js';
import { addDays, daysBetween, isLocalDate, monthStart, splitIntoPieces, weekStart } from './local-dates.js';
import { isPair, PAIR_DIMENSIONS, PAIR_PARTS, SqlParams, type DurationMeasure, type FactKind, type PairDimension, type PartDimension, type RollupDimension, type StoredDimension } from './metric-facts.sql.js';
import { bucketOf, emptyAggregateRow, keyPredicateOf, officerPredicateOf, ticketPredicatesOf, type AggregateRead, type AggregateRow, type StoredPiece, type ReadFilters, type ReadSource } from './metric-reads.sql.js';
import { MetricsRepository, type MetricTicketRow, type TargetBreachFactRow } from './metrics.repository.js';
import { MONTH_TO_DATE_DIMENSIONS } from './metric-rollups.repository.js';
import { RollupsService } from './rollups.service.js';
import { UsersService } from '../users/users.service.js';

type Family = Exclude<RollupDimension, 'all'>;

const FAMILY_OF_GROUP: Record<MetricGroup, Family> = {
  officer: 'officer',
  team: 'officer',
  outlet: 'outlet',
  tier: 'outlet',
  topic: 'topic',
  channel: 'channel',
  requestType: 'request_type',
};
const FAMILY_OF_FILTER: Record<keyof ReadFilters, Family> = { ...FAMILY_OF_GROUP };

const NONE_LABELS: Record<MetricGroup, string> = {
  officer: 'Unassigned',
  team: 'No team',
  outlet: 'No outlet',
  tier: 'No tier',
  topic: 'No topic',
  channel: 'No channel',
  requestType: 'No request type',
};

/** Facts behind each metric, for the "tickets behind a number" lists. */
const KINDS_OF_METRIC: Record<Exclude<MetricName, 'backlog'>, FactKind[]> = {
  received: ['received'],
  noDeadline: ['received'],
  assigned: ['assigned'],
  timeToAcknowledge: ['acknowledged'],
  firstResponseTime: ['first_response'],
  resolutionTime: ['resolved'],
  deadlineHitRate: ['deadline_met', 'deadline_missed'],
  deadlinesMet: ['deadline_met'],
  deadlinesMissed: ['deadline_missed'],
  deadlinesPending: ['deadline_pending'],
  reopens: ['reopen'],
};

interface Range {
  from: string;
  to: string;
  today: string;
  closedThrough: string;
}

interface Plan {
  source: 'rollups' | 'live';
  /** The stored dimension read (rollups), or aggregated (live). */
  dimension: StoredDimension;
}

/** The pair stored for two families; tier pairs where the outlet family is used only as tier. */
function pairFor(families: Set<Family>, tierOnly: boolean): PairDimension | null {
  const family = (dimension: PartDimension): Family => (dimension === 'tier' ? 'outlet' : dimension === 'team' ? 'officer' : dimension);
  const pair = PAIR_DIMENSIONS.find((name) => !PAIR_PARTS[name].includes('tier') && PAIR_PARTS[name].every((part) => families.has(family(part))));
  if (!pair) return null;
  if (tierOnly && pair === 'officer_outlet') return 'officer_tier';
  if (tierOnly && pair === 'outlet_topic') return 'tier_topic';
  return pair;
}

/** A read of first-response target outcomes: range, filters (tier may be `none`) and breakdown. */
export interface TargetOutcomesRead {
  from?: string;
  to?: string;
  officer?: string;
  tier?: OutletTier | 'none';
  topic?: string;
  groupBy: TargetGroup;
}

/** Hits, breaches and running targets as of a moment; `key` '' is "none". */
export interface TargetTally {
  key: string;
  label: string | null;
  hits: number;
  breaches: number;
  pending: number;
}

/** One read of a view: its range, filters and grouping, where it reads from, and what it measures. */
interface ReadRequest {
  range: Range;
  filters: ReadFilters;
  groupBy: MetricGroup | null;
  plan: Plan;
  clock: MetricClock;
  granularity: MetricGranularity | null;
  /** A series' metric: a duration's series reads no counters. */
  metric?: MetricName;
  /** Counters only (the target outcomes): no histograms, and no backlog to start from. */
  countersOnly?: boolean;
}

const DEFAULT_DAYS = 30;
const DEFAULT_TICKETS_PAGE = 50;

/** Manager metrics as defined in docs/metrics.md: summaries, series and the tickets behind a number. */
@Injectable()
export class MetricsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollups: RollupsService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly repository: MetricsRepository,
  ) {}

  async summary(query: MetricsSummaryQuery, options: { source?: 'live' } = {}): Promise<MetricsSummaryDto> {
    const range = await this.range(query);
    const clock = this.clock(query.clock);
    const filters = filtersOf(query);
    const groupBy = query.groupBy ?? null;
    const totalsPlan = this.plan(filters, null, options.source);
    const groupsPlan = groupBy ? this.plan(filters, groupBy, options.source) : null;
    const { totals, groups } = await this.read(async (tx) => {
      const [totalsRow] = await this.aggregate(tx, { range, filters, groupBy: null, plan: totalsPlan, clock, granularity: null });
      const groupRows = groupsPlan ? await this.aggregate(tx, { range, filters, groupBy, plan: groupsPlan, clock, granularity: null }) : [];
      return { totals: totalsRow, groups: groupRows };
    });
    const labels = groupBy ? await this.labels(groupBy, groups.map((row) => row.grp)) : new Map<string, string>();
    return {
      from: range.from,
      to: range.to,
      timeZone: this.rollups.timeZone,
      clock,
      filters,
      groupBy,
      totals: totals ? toValues(totals) : toValues(emptyAggregateRow(range.from)),
      groups: groups
        .map((row): MetricGroupValuesDto => ({ key: row.grp || null, label: row.grp ? (labels.get(row.grp) ?? row.grp) : NONE_LABELS[groupBy!], values: toValues(row) }))
        .sort((a, b) => b.values.received - a.values.received || a.label.localeCompare(b.label)),
      source: (groupsPlan ?? totalsPlan).source,
      generatedAt: new Date().toISOString(),
    };
  }

  async series(query: MetricsSeriesQuery, options: { source?: 'live' } = {}): Promise<MetricsSeriesDto> {
    const range = await this.range(query);
    const clock = this.clock(query.clock);
    const filters = filtersOf(query);
    const groupBy = query.groupBy ?? null;
    const granularity = query.granularity ?? 'week';
    const plan = this.plan(filters, groupBy, options.source);
    let labels = new Map<string, string>();
    const label = (grp: string) => (groupBy ? (grp ? (labels.get(grp) ?? grp) : NONE_LABELS[groupBy]) : null);
    let points: MetricsSeriesDto['points'];
    if (METRIC_UNITS[query.metric] === 'seconds') {
      // A series of a duration: its points straight from the statement's (a weekly series by outlet is 21,200 of them).
      const rows = await this.read(async (tx) => {
        const { params, read } = await this.aggregateRead(tx, { range, filters, groupBy, plan, clock, granularity, metric: query.metric });
        return this.repository.durationSeries(tx, params, read);
      });
      if (groupBy) labels = await this.labels(groupBy, rows.map((row) => row.grp));
      points = rows.map((row) => {
        const stats = duration(row.n, row.p50, row.p90);
        return { period: row.period, group: groupBy ? row.grp || null : null, label: label(row.grp), value: stats.medianSeconds, count: stats.count, p90Seconds: stats.p90Seconds };
      });
    } else {
      const rows = await this.read((tx) => this.aggregate(tx, { range, filters, groupBy, plan, clock, granularity, metric: query.metric }));
      if (groupBy) labels = await this.labels(groupBy, rows.map((row) => row.grp));
      points = rows.map((row) => ({ period: row.period, group: groupBy ? row.grp || null : null, label: label(row.grp), ...pointValue(query.metric, toValues(row)) }));
    }
    return {
      metric: query.metric,
      unit: METRIC_UNITS[query.metric],
      granularity,
      from: range.from,
      to: range.to,
      timeZone: this.rollups.timeZone,
      clock,
      filters,
      groupBy,
      points,
      source: plan.source,
    };
  }

  /** The tickets behind one number: newest moment first, 50 a page. */
  async tickets(query: MetricTicketsQuery): Promise<Page<MetricTicketDto>> {
    const range = await this.range(query);
    const clock = this.clock(query.clock);
    const filters = filtersOf(query);
    const limit = query.limit ?? DEFAULT_TICKETS_PAGE;
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const found =
      query.metric === 'backlog'
        ? await this.openTickets(range, filters, limit + 1, cursor)
        : await this.factTickets(range, filters, query.metric, clock, limit + 1, cursor);
    const page = found.slice(0, limit);
    const last = page.at(-1);
    const items = await this.describeTickets(page);
    return { items, nextCursor: found.length > limit && last ? encodeCursor(last.at, last.ticket_id) : null };
  }

  /**
   * First-response target outcomes of the range, in total and per group, from the stored rollups like
   * every breakdown (counters only): hits and late answers as stored, waiting targets split by `now`
   * into breaches (due time passed) and running ones (read from today's stored facts).
   */
  async targetCounts(query: TargetOutcomesRead, now: Date): Promise<{ from: string; to: string; total: TargetTally; groups: TargetTally[] }> {
    const range = await this.range(query);
    const filters = targetFiltersOf(query);
    const { totals, groups, running } = await this.read(async (tx) => ({
      totals: await this.aggregate(tx, { range, filters, groupBy: null, plan: this.plan(filters, null), clock: 'calendar', granularity: null, countersOnly: true }),
      groups: await this.aggregate(tx, { range, filters, groupBy: query.groupBy, plan: this.plan(filters, query.groupBy), clock: 'calendar', granularity: null, countersOnly: true }),
      running: await this.repository.targetsRunning(tx, { timeZone: this.rollups.timeZone, from: range.from, to: range.to, filters, now }, query.groupBy),
    }));
    const runningOf = new Map(running.filter((row) => !row.total).map((row) => [row.g, row.v]));
    const tally = (row: AggregateRow | undefined, key: string, stillRunning: number): TargetTally => ({
      key,
      label: null,
      hits: row?.target_hits ?? 0,
      breaches: (row?.target_late ?? 0) + (row?.target_waiting ?? 0) - stillRunning,
      pending: stillRunning,
    });
    const labels = await this.labels(query.groupBy, groups.map((row) => row.grp));
    return {
      from: range.from,
      to: range.to,
      total: tally(totals[0], '', running.find((row) => row.total)?.v ?? 0),
      groups: groups.map((row) => ({ ...tally(row, row.grp, runningOf.get(row.grp) ?? 0), label: labels.get(row.grp) ?? null })),
    };
  }

  /** A page of target breaches of the range as of `now`, latest due first (the same rule and filters as targetCounts). */
  async targetBreaches(query: TargetOutcomesRead, now: Date, before: { at: string; id: string } | null, limit: number): Promise<TargetBreachFactRow[]> {
    const range = await this.range(query);
    return this.repository.targetBreaches({ timeZone: this.rollups.timeZone, from: range.from, to: range.to, filters: targetFiltersOf(query), now }, before, limit);
  }

  async options(): Promise<MetricsOptionsDto> {
    await this.rollups.refresh(2 * this.config.METRICS_REFRESH_SECONDS);
    const [officers, teams, outlets, topics] = await Promise.all([
      this.repository.officerOptions(),
      this.repository.teamOptions(),
      this.repository.outletOptions(),
      this.repository.topicOptions(),
    ]);
    return {
      timeZone: this.rollups.timeZone,
      businessHours: this.rollups.businessHours,
      officers,
      teams,
      outlets,
      topics,
    };
  }

  async digestSubscription(user: RequestUser): Promise<{ subscribed: boolean }> {
    const row = await this.users.findDigestSettings(user.id);
    return { subscribed: !!row?.subscribed };
  }

  async setDigestSubscription(user: RequestUser, subscribed: boolean): Promise<{ subscribed: boolean }> {
    await this.users.setDigestSubscribed(user.id, subscribed);
    return { subscribed };
  }

  // --- ranges and plans ------------------------------------------------------------------------

  private async range(query: { from?: string; to?: string }): Promise<Range> {
    for (const [name, value] of [['from', query.from], ['to', query.to]] as const) {
      if (value !== undefined && !isLocalDate(value)) throw new BadRequestException(`${name} is not a calendar date`);
    }
    // With the background refresh on, today's stored figures may be up to two of its intervals old.
    const { today, closedThrough } = await this.rollups.refresh(2 * this.config.METRICS_REFRESH_SECONDS);
    const to = query.to && query.to < today ? query.to : today;
    const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
    if (query.from && query.from > today) throw new BadRequestException(`from is after today (${today} in ${this.rollups.timeZone})`);
    if (from > to) throw new BadRequestException('from must be on or before to');
    return { from, to, today, closedThrough };
  }

  private clock(clock: MetricClock | undefined): MetricClock {
    if (clock === 'business' && !this.rollups.businessHours) {
      throw new BadRequestException('Business-hours figures need OFFICE_HOURS to be configured');
    }
    return clock ?? 'calendar';
  }

  /**
   * Stored rollups answer when the filters and the breakdown use at most one dimension (team and
   * tier are derived from officer and outlet), or two that are stored as a pair; other combinations
   * are computed from the stored facts.
   */
  private plan(filters: ReadFilters, groupBy: MetricGroup | null, force?: 'live'): Plan {
    const families = new Set<Family>(Object.keys(filters).map((name) => FAMILY_OF_FILTER[name as keyof ReadFilters]));
    if (groupBy) families.add(FAMILY_OF_GROUP[groupBy]);
    const single = families.size <= 1;
    const family = groupBy ? FAMILY_OF_GROUP[groupBy] : single ? ([...families][0] ?? 'all') : 'all';
    const pair = families.size === 2 ? pairFor(families, filters.outlet === undefined && groupBy !== 'outlet') : null;
    // A team (not an officer) by outlet: the team × outlet rows, a row per outlet instead of one per member and outlet. Not
    // for one outlet: officer × outlet's rows of one outlet are few and found through its second-part index (by team:
    // 25 ms at 1M, 53 through team × outlet, which has no such index).
    if (force !== 'live' && pair === 'officer_outlet' && filters.officer === undefined && filters.team !== undefined && filters.outlet === undefined) {
      return { source: 'rollups', dimension: 'team_outlet' };
    }
    if (force !== 'live' && pair) return { source: 'rollups', dimension: pair };
    if (force === 'live' || !single) return { source: 'live', dimension: family };
    // Tier rows are stored: a breakdown or a filter by tier alone reads them, not every outlet's.
    const tierOnly = Object.keys(filters).every((name) => name === 'tier') && (groupBy === 'tier' || (!groupBy && filters.tier !== undefined));
    return { source: 'rollups', dimension: tierOnly ? 'tier' : family };
  }

  private read<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await this.repository.tuneRead(tx);
      return work(tx);
    });
  }

  private async aggregate(tx: EntityManager, request: ReadRequest): Promise<AggregateRow[]> {
    const { params, read } = await this.aggregateRead(tx, request);
    return this.repository.aggregate(tx, params, read);
  }

  /** What a read of the range adds up, where from, and how (the statement's parameters and its description). */
  private async aggregateRead(
    tx: EntityManager,
    { range, filters, groupBy, plan, clock, granularity, metric, countersOnly = false }: ReadRequest,
  ): Promise<{ params: SqlParams; read: AggregateRead }> {
    const params = new SqlParams();
    const from = params.add(range.from);
    const bucket = bucketOf(granularity, from);
    const buckets = granularity ? bucketStarts(range.from, range.to, granularity) : [range.from];
    // Counters only (the target outcomes): no histograms, and no backlog to start from.
    const measures = countersOnly ? null : measuresFor(clock, metric);
    const none = { given: new Map<string, number>() };
    let source: ReadSource;
    let baseline: AggregateRead['baseline'];
    if (plan.source === 'rollups') {
      const closedTo = range.to < range.today ? range.to : range.closedThrough;
      // Each stored piece must lie inside one bucket: months only for whole-range or monthly reads, weeks not for daily ones.
      const allow = { quarters: !granularity, months: !granularity || granularity === 'month', weeks: granularity !== 'day', weeksWithinMonths: granularity === 'month' };
      const stored = range.from <= closedTo ? splitIntoPieces(range.from, closedTo, range.closedThrough, allow) : { quarters: [], months: [], weeks: [], days: [] };
      // Today is stored provisionally too (refreshed by range()).
      if (range.to >= range.today) stored.days.push(range.today);
      source = { dimension: plan.dimension, keyPredicate: keyPredicateOf(params, filters, plan.dimension), stored };
      // Many groups: the closed days of the range as few stored histograms per group as possible.
      if (!granularity && MONTH_TO_DATE_DIMENSIONS.includes(plan.dimension) && range.from <= closedTo) {
        const signedPieces = [...throughDay(closedTo, 1), ...throughDay(addDays(range.from, -1), -1)];
        const storedPieces = stored.quarters.length + stored.months.length + stored.weeks.length + stored.days.filter((day) => day <= closedTo).length;
        // Across a month boundary: rest of month, months, month to date, all added (30 days: 2 instead of ~11).
        const across = acrossMonths(range.from, closedTo);
        const added = across && across.length < storedPieces ? across : null;
        // Signed pieces (prefix minus prefix) take a wider percentile search than added ones, whose own percentiles bound
        // it: worth it for many pieces per group (a year: 13 added, 4 signed), not for a few (30 days: 172 → 347 ms signed
        // against 11 stored rows; docs/benchmarks.md). Twice as many, since quarters: a year to yesterday is 10 stored
        // pieces (4 quarters, 3 weeks, 3 days), wide ones, and searching them took 156 ms at 1M against 55 signed.
        if ((added?.length ?? storedPieces) >= 2 * signedPieces.length) source.pieces = { list: signedPieces, closedTo };
        else if (added) source.pieces = { list: added, closedTo };
      }
      baseline = countersOnly ? none : { storedBefore: { month: monthStart(range.from), day: range.from } };
    } else {
      // Stored facts of the days in range; the backlog at its start from the facts before it.
      source = {
        dimension: plan.dimension,
        live: { from, to: params.add(range.to), ticketPredicates: ticketPredicatesOf(params, filters), officerPredicate: officerPredicateOf(params, filters) },
      };
      baseline = countersOnly ? none : { given: await this.backlogBefore(tx, range.from, filters, groupBy, plan.dimension as RollupDimension) };
    }
    // A series of a duration needs no counter (its count is the histograms'): only which groups exist.
    const counters = !(metric && METRIC_UNITS[metric] === 'seconds');
    // Outlet pairs store many small histograms per group (a few bins each): adding them up beats searching them
    // (histogram-merge.ts). The pairs without an outlet part (fewer, larger histograms) search faster.
    const percentiles = isPair(plan.dimension) && PAIR_PARTS[plan.dimension].includes('outlet') && !source.pieces ? 'merge' : 'search';
    return { params, read: { source, bucket, buckets, groupBy, measures, baseline, counters, percentiles, loneGrain: granularity ?? undefined } };
  }

  /** The backlog change before `from` per group, from the stored facts: the backlog at a live read's start. */
  private async backlogBefore(tx: EntityManager, from: string, filters: ReadFilters, groupBy: MetricGroup | null, dimension: RollupDimension): Promise<Map<string, number>> {
    const params = new SqlParams();
    const live = { from: params.add(from), ticketPredicates: ticketPredicatesOf(params, filters), officerPredicate: officerPredicateOf(params, filters) };
    const rows = await this.repository.backlogBefore(tx, params, live, dimension, groupBy);
    return new Map(rows.map((row) => [row.g, row.v]));
  }

  // --- tickets behind a number -----------------------------------------------------------------

  /** Facts of the metric, newest first: windows of growing size from the end of the range backwards. */
  private async factTickets(
    range: Range,
    filters: MetricFiltersDto,
    metric: Exclude<MetricName, 'backlog'>,
    clock: MetricClock,
    wanted: number,
    cursor: Cursor | null,
  ): Promise<MetricTicketRow[]> {
    const found: MetricTicketRow[] = [];
    const kinds = KINDS_OF_METRIC[metric];
    let hiDate = addDays(range.to, 1);
    let span = 2;
    while (hiDate > range.from && found.length < wanted) {
      const loDate = daysBetween(range.from, hiDate) > span ? addDays(hiDate, -span) : range.from;
      const params = new SqlParams();
      const tz = `${params.add(this.rollups.timeZone)}::text`;
      const lo = `(${params.add(loDate)}::date::timestamp AT TIME ZONE ${tz})`;
      const hi = `(${params.add(hiDate)}::date::timestamp AT TIME ZONE ${tz})`;
      const rows = await this.repository.factTickets(
        params,
        { lo, hi, now: 'now()', tz, kinds, ticketPredicates: ticketPredicatesOf(params, filters), officerPredicate: officerPredicateOf(params, filters) },
        { kinds, noDeadline: metric === 'noDeadline', business: clock === 'business', before: cursor, limit: wanted - found.length },
      );
      found.push(...rows);
      hiDate = loDate;
      span *= 4;
    }
    return found;
  }

  /** The backlog's tickets at the end of the range (or now), newest first. */
  private openTickets(range: Range, filters: MetricFiltersDto, wanted: number, cursor: Cursor | null): Promise<MetricTicketRow[]> {
    const params = new SqlParams();
    const at = range.to >= range.today ? 'now()' : `(${params.add(addDays(range.to, 1))}::date::timestamp AT TIME ZONE ${params.add(this.rollups.timeZone)}::text)`;
    const point = { at, ticketPredicates: ticketPredicatesOf(params, filters), officerPredicate: officerPredicateOf(params, filters) };
    return this.repository.openTickets(params, point, cursor, wanted);
  }

  private async describeTickets(rows: MetricTicketRow[]): Promise<MetricTicketDto[]> {
    if (!rows.length) return [];
    const details = await this.repository.ticketDetails(rows.map((row) => row.ticket_id));
    const byId = new Map(details.map((detail) => [detail.id, detail]));
    return rows.flatMap((row) => {
      const ticket = byId.get(row.ticket_id);
      if (!ticket) return [];
      return [
        {
          id: ticket.id,
          reference: ticket.reference,
          subject: ticket.subject,
          at: new Date(row.at).toISOString(),
          seconds: row.seconds,
          deadlineAt: ticket.deadline_at ? ticket.deadline_at.toISOString() : null,
          officer: ticket.assignee_id ? { id: ticket.assignee_id, name: ticket.assignee_name ?? '' } : null,
          outlet: ticket.outlet_id ? { id: ticket.outlet_id, name: ticket.outlet_name ?? '' } : null,
        },
      ];
    });
  }

  private async labels(groupBy: MetricGroup, keys: string[]): Promise<Map<string, string>> {
    // Deduplicated first: a series repeats each group once per bucket (21,000 keys for 400 outlets).
    const ids = [...new Set(keys)].filter((key) => isUuid(key));
    const source = groupBy === 'officer' ? 'users_view' : groupBy === 'team' ? 'teams_view' : groupBy === 'outlet' ? 'outlets_view' : null;
    if (!source || !ids.length) return new Map();
    const rows = await this.repository.names(source, ids);
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

interface Cursor {
  at: string;
  id: string;
}

const PAGE_CURSOR = cursorCodec('metric-tickets', ['timestamp', 'uuid']);

function encodeCursor(at: string, id: string): string {
  return PAGE_CURSOR.encode([at, id]);
}

function decodeCursor(raw: string): Cursor {
  const [at, id] = PAGE_CURSOR.decode(raw);
  return { at, id };
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

/** The metrics filters of a target read (officer, tier or `none`, topic), normalised as filtersOf does. */
function targetFiltersOf(query: TargetOutcomesRead): ReadFilters {
  const filters: ReadFilters = {};
  if (query.officer) filters.officer = query.officer.toLowerCase();
  if (query.tier) filters.tier = query.tier;
  if (query.topic) filters.topic = query.topic.trim().toLowerCase();
  return filters;
}

/** Histograms to read as (acknowledge, first response, resolution); a series reads only its own. */
function measuresFor(clock: MetricClock, metric?: MetricName): [DurationMeasure, DurationMeasure, DurationMeasure] | null {
  if (metric && METRIC_UNITS[metric] !== 'seconds') return null;
  const all: [DurationMeasure, DurationMeasure, DurationMeasure] =
    clock === 'business' ? ['acknowledge', 'first_response_business', 'resolution_business'] : ['acknowledge', 'first_response', 'resolution'];
  const only = metric === 'timeToAcknowledge' ? all[0] : metric === 'firstResponseTime' ? all[1] : metric === 'resolutionTime' ? all[2] : null;
  return only ? [only, only, only] : all;
}

/** Every closed day up to `day` as stored prefix pieces: the month prefix to its month's end, or to the month before plus its month to date. */
function throughDay(day: string, sign: 1 | -1): StoredPiece[] {
  const month = monthStart(day);
  if (monthStart(addDays(day, 1)) !== month) return [{ grain: 'month_prefix', period: month, sign }];
  return [
    { grain: 'month_prefix', period: monthStart(addDays(month, -1)), sign },
    { grain: 'month_to_date', period: day, sign },
  ];
}

/**
 * The closed days [from, to] as added stored pieces when they cross a month boundary (null otherwise): the
 * first month from `from` to its end (its month row when `from` is the first), every month between, and the
 * last month up to `to` (its month to date, or its month row when `to` ends it). Months before `to`'s have ended.
 */
function acrossMonths(from: string, to: string): StoredPiece[] | null {
  const first = monthStart(from);
  const last = monthStart(to);
  if (first === last) return null;
  const pieces: StoredPiece[] = [from === first ? { grain: 'month', period: first, sign: 1 } : { grain: 'rest_of_month', period: from, sign: 1 }];
  for (let month = monthStart(addDays(first, 32)); month < last; month = monthStart(addDays(month, 32))) pieces.push({ grain: 'month', period: month, sign: 1 });
  pieces.push(monthStart(addDays(to, 1)) !== last ? { grain: 'month', period: last, sign: 1 } : { grain: 'month_to_date', period: to, sign: 1 });
  return pieces;
}

function bucketStarts(from: string, to: string, granularity: MetricGranularity): string[] {
  const starts: string[] = [];
  const first = granularity === 'day' ? from : granularity === 'week' ? weekStart(from) : monthStart(from);
  for (let start = first; start <= to; ) {
    starts.push(start < from ? from : start);
    start = granularity === 'day' ? addDays(start, 1) : granularity === 'week' ? addDays(start, 7) : monthStart(addDays(start, 32));
  }
  return starts;
}

function duration(n: number | null, p50: number | null, p90: number | null): DurationStatsDto {
  return { count: n ?? 0, medianSeconds: n ? p50 : null, p90Seconds: n ? p90 : null };
}

function toValues(row: AggregateRow): MetricValuesDto {
  const decided = row.deadlines_met + row.deadlines_missed;
  return {
    received: row.received,
    assigned: row.assigned,
    timeToAcknowledge: duration(row.ack_n, row.ack_p50, row.ack_p90),
    firstResponseTime: duration(row.frt_n, row.frt_p50, row.frt_p90),
    resolutionTime: { ...duration(row.res_n, row.res_p50, row.res_p90), reopened: row.reopened_resolved },
    reopens: row.reopens,
    deadlines: {
      met: row.deadlines_met,
      missed: row.deadlines_missed,
      pending: row.deadlines_pending,
      hitRate: decided ? row.deadlines_met / decided : null,
      noDeadline: row.no_deadline,
    },
    backlog: row.backlog,
  };
}

function pointValue(metric: MetricName, values: MetricValuesDto): { value: number | null; count: number; p90Seconds: number | null } {
  const stats = (d: DurationStatsDto) => ({ value: d.medianSeconds, count: d.count, p90Seconds: d.p90Seconds });
  const count = (n: number) => ({ value: n, count: n, p90Seconds: null });
  switch (metric) {
    case 'timeToAcknowledge':
      return stats(values.timeToAcknowledge);
    case 'firstResponseTime':
      return stats(values.firstResponseTime);
    case 'resolutionTime':
      return stats(values.resolutionTime);
    case 'deadlineHitRate':
      return { value: values.deadlines.hitRate, count: values.deadlines.met + values.deadlines.missed, p90Seconds: null };
    case 'deadlinesMet':
      return count(values.deadlines.met);
    case 'deadlinesMissed':
      return count(values.deadlines.missed);
    case 'deadlinesPending':
      return count(values.deadlines.pending);
    case 'noDeadline':
      return count(values.deadlines.noDeadline);
    case 'backlog':
      return count(values.backlog);
    case 'received':
    case 'assigned':
    case 'reopens':
      return count(values[metric]);
  }
}
