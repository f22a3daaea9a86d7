import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MetricFiltersDto, MetricGroup, OutletTier, RequestType } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRows } from '../database/sql.js';
import { factsCtes, SqlParams, type FactKind, type FactsWindow, type RollupDimension } from './metric-facts.sql.js';
import { binFloor, mergedPercentiles, type MergedStats } from './histogram-merge.js';
import { aggregateSql, backlogBeforeSql, mergesPercentiles, officerPredicateOf, openAtCtes, ticketPredicatesOf, type AggregateRead, type AggregateRow, type PointInTime, type ReadFilters, type ReadSource } from './metric-reads.sql.js';

/** A fact behind a number: its ticket, moment and duration (seconds, when it measures one). */
export interface MetricTicketRow {
  ticket_id: string;
  at: string;
  seconds: number | null;
}

export interface MetricTicketDetailRow {
  id: string;
  reference: string;
  subject: string;
  deadline_at: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  outlet_id: string | null;
  outlet_name: string | null;
}

export interface NamedRow {
  id: string;
  name: string;
}

export interface OutletOptionRow extends NamedRow {
  tier: OutletTier | null;
}

export interface BacklogRow {
  g: string;
  v: number;
}

export interface DeadlineMissRow {
  ticket_id: string;
  at: string;
  officer: string | null;
  reference: string;
  subject: string;
  first_response_at: Date | null;
  late_seconds: number;
  journalist_id: string | null;
  journalist_name: string | null;
  journalist_email: string | null;
  outlet_id: string | null;
  outlet_name: string | null;
  outlet_tier: OutletTier | null;
  officer_name: string | null;
}

/** A page of missed deadlines: office-local days [from, to], filtered as every metrics read is. */
export interface DeadlineMissesQuery {
  timeZone: string;
  from: string;
  to: string;
  filters: MetricFiltersDto;
  before: { at: string; id: string } | null;
  limit: number;
}

/** Stored target facts of office-local days [from, to] as of `now`, filtered as every metrics read is. */
export interface TargetFactsQuery {
  timeZone: string;
  from: string;
  to: string;
  filters: ReadFilters;
  now: Date;
}

export interface TargetRunningRow {
  total: boolean;
  g: string;
  v: number;
}

export interface TargetBreachFactRow {
  ticket_id: string;
  /** The due time as text, microseconds kept, for the page cursor. */
  at: string;
  due_at: Date;
  officer_id: string | null;
  officer_name: string | null;
  reference: string;
  subject: string;
  outlet_id: string | null;
  outlet_name: string | null;
  outlet_tier: OutletTier | null;
  request_type: RequestType;
  target_minutes: number;
  first_response_at: Date | null;
  late_seconds: number;
}

/** Which facts a "tickets behind a number" window lists, newest first. */
export interface FactTicketsQuery {
  kinds: FactKind[];
  /** Only received tickets without a deadline. */
  noDeadline: boolean;
  business: boolean;
  before: { at: string; id: string } | null;
  limit: number;
}

/** A group of a series of a duration without counters: its points' bucket, count and percentiles as text, in any order (aggregateSql). */
interface PercentileGroupRow {
  grp: string;
  points: string | null;
}

/**
 * The points of a series of a duration, bucket by bucket and group by group within one, as the statement ordered its
 * groups; a bucket a group has no point for is a point without durations. A group's text is its points one after
 * another, each its bucket's day in the range and then {count,median bin,90th percentile bin} (`0{3,40,70}7{0,NULL,NULL}`);
 * a weekly series by outlet is 21,200 points: the text is read in place, straight into the points.
 */
function pointsOf(rows: PercentileGroupRow[], buckets: string[]): DurationPoint[] {
  const first = Date.parse(`${buckets[0]}T00:00:00Z`);
  const index = new Map(buckets.map((bucket, at) => [Math.round((Date.parse(`${bucket}T00:00:00Z`) - first) / 86_400_000), at]));
  const found = rows.map((row) => {
    const byBucket: (DurationPoint | undefined)[] = Array.from({ length: buckets.length });
    const text = row.points;
    if (!text) return byBucket;
    const fail = (at: number, why: string): never => {
      throw new Error(`series group ${row.grp}: ${why} at ${at} of ${JSON.stringify(text.slice(0, 200))}`);
    };
    // The numbers of one point: its day, then count, median bin, 90th percentile bin (-1: NULL).
    const values = [0, 0, 0, 0];
    let at = 0;
    while (at < text.length) {
      for (let slot = 0; slot < 4; slot++) {
        if (slot > 0) {
          const separator = slot === 1 ? 123 : 44; // '{' before the count, ',' before each bin
          if (text.charCodeAt(at) !== separator) fail(at, `expected ${String.fromCharCode(separator)}`);
          at++;
        }
        if (slot > 0 && text.startsWith('NULL', at)) {
          values[slot] = -1;
          at += 4;
          continue;
        }
        let value = -1;
        for (let code = text.charCodeAt(at); code >= 48 && code <= 57; code = text.charCodeAt(++at)) value = (value < 0 ? 0 : value * 10) + code - 48;
        if (value < 0 || (slot === 0 && !index.has(value))) fail(at, slot === 0 ? 'not a day of a bucket' : 'expected a number');
        values[slot] = value;
      }
      if (text.charCodeAt(at) !== 125) fail(at, 'expected }');
      at++;
      const bucket = index.get(values[0])!;
      const [, n, p50, p90] = values;
      byBucket[bucket] = {
        period: buckets[bucket],
        grp: row.grp,
        n: n < 0 ? null : n,
        p50: n > 0 && p50 >= 0 ? binFloor(p50) : null,
        p90: n > 0 && p90 >= 0 ? binFloor(p90) : null,
      };
    }
    return byBucket;
  });
  const out: DurationPoint[] = [];
  buckets.forEach((period, at) => {
    rows.forEach((row, group) => {
      out.push(found[group][at] ?? { period, grp: row.grp, n: null, p50: null, p90: null });
    });
  });
  return out;
}

/** A point of a series of a duration: its one measure's count and percentiles. */
export interface DurationPoint {
  period: string;
  grp: string;
  n: number | null;
  p50: number | null;
  p90: number | null;
}

/** A row whose histograms the repository merges (`percentiles: 'merge'`): each measure's histograms as text. */
type MergedRow = Omit<AggregateRow, 'ack_n' | 'ack_p50' | 'ack_p90' | 'frt_n' | 'frt_p50' | 'frt_p90' | 'res_n' | 'res_p50' | 'res_p90'> & {
  ack_h: string | null;
  frt_h: string | null;
  res_h: string | null;
  /** The row's place in (bucket, group) order: the statement does not sort the text (aggregateSql). */
  ord: number;
};

/** A merged row of a series of a duration: its one measure's histograms as text. */
interface MergedPercentileRow {
  period: string;
  grp: string;
  h: string | null;
  ord: number;
}

/** Rows in their statement's (bucket, group) order. */
const inOrder = <T extends { ord: number }>(rows: T[]): T[] => rows.sort((a, b) => a.ord - b.ord);

/** Count, median and 90th percentile of histograms sent as text; all null when there are none. */
function statsOf(text: string | null): MergedStats | { n: null; p50: null; p90: null } {
  return text === null ? { n: null, p50: null, p90: null } : mergedPercentiles(text);
}

function mergedRowOf({ ack_h, frt_h, res_h, ord: _ord, ...row }: MergedRow): AggregateRow {
  const ack = statsOf(ack_h);
  const frt = statsOf(frt_h);
  const res = statsOf(res_h);
  return { ...row, ack_n: ack.n, ack_p50: ack.p50, ack_p90: ack.p90, frt_n: frt.n, frt_p50: frt.p50, frt_p90: frt.p90, res_n: res.n, res_p50: res.p50, res_p90: res.p90 };
}

/** Settings of a metric read's transaction (MetricsRepository.tuneRead; the bench's plans use them too). */
export const METRIC_READ_SETTINGS = {
  jit: 'off',
  work_mem: '64MB',
  max_parallel_workers_per_gather: '0',
  random_page_cost: '1.1',
} as const;

/** SQL of the metric reads: aggregates over stored rollups and facts, backlog baselines, the tickets behind a number, filter options. */
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A view's reads run in one snapshot, in one round trip of settings. Their plans are short, so
   * compiling them (jit) costs more than it saves, and so does starting parallel workers: at 1M
   * tickets a 30-day breakdown by outlet took 81 ms with two workers and 57 without, the plain
   * summary 10-14 and 8-13, none of the metric views slower. The pages they read are cached, so a
   * page read out of order costs about as much as the next one (random_page_cost 1.1, as for SSDs):
   * with the default 4 one outlet's facts of three days were found by scanning all 102,707 of those
   * days (40 ms) instead of through the outlet's index (2 ms). docs/benchmarks.md has both runs.
   */
  async tuneRead(tx: EntityManager): Promise<void> {
    const { jit, work_mem, max_parallel_workers_per_gather, random_page_cost } = METRIC_READ_SETTINGS;
    await sqlExec(
      tx,
      `SELECT set_config('jit', $1, true), set_config('work_mem', $2, true), set_config('max_parallel_workers_per_gather', $3, true), set_config('random_page_cost', $4, true)`,
      [jit, work_mem, max_parallel_workers_per_gather, random_page_cost],
    );
  }

  /** Counters and percentiles per (bucket, group) and the backlog at each bucket's end, in one statement. */
  async aggregate(tx: EntityManager, params: SqlParams, read: AggregateRead): Promise<AggregateRow[]> {
    if (read.counters === false) throw new Error('a read without counters is a series of a duration: durationSeries');
    const sql = aggregateSql(params, read);
    if (mergesPercentiles(read)) return inOrder(await sqlRows<MergedRow>(tx, sql, params.values)).map(mergedRowOf);
    return sqlRows<AggregateRow>(tx, sql, params.values);
  }

  /** The points of a series of a duration (a read without counters): each (bucket, group)'s count and percentiles, in one statement. */
  async durationSeries(tx: EntityManager, params: SqlParams, read: AggregateRead): Promise<DurationPoint[]> {
    if (read.counters !== false) throw new Error('a series of a duration reads no counters');
    const sql = aggregateSql(params, read);
    if (mergesPercentiles(read)) return inOrder(await sqlRows<MergedPercentileRow>(tx, sql, params.values)).map(({ period, grp, h }) => ({ period, grp, ...statsOf(h) }));
    return pointsOf(await sqlRows<PercentileGroupRow>(tx, sql, params.values), read.buckets);
  }

  /** The backlog changes of the stored facts before `live.from`, per group. */
  backlogBefore(tx: EntityManager, params: SqlParams, live: Omit<NonNullable<ReadSource['live']>, 'to'>, dimension: RollupDimension, groupBy: MetricGroup | null): Promise<BacklogRow[]> {
    return sqlRows<BacklogRow>(tx, backlogBeforeSql(live, dimension, groupBy), params.values);
  }

  /** The facts of one window newest first (a page of them), computed from the tickets and the event log. */
  factTickets(params: SqlParams, window: FactsWindow, query: FactTicketsQuery): Promise<MetricTicketRow[]> {
    const conditions = [`f.kind = ANY(${params.add(query.kinds)}::text[])`];
    if (query.noDeadline) conditions.push('f.flag');
    if (query.before) conditions.push(`(f.at, f.ticket_id) < (${params.add(query.before.at)}::timestamptz, ${params.add(query.before.id)}::uuid)`);
    const seconds = query.business ? 'f.bsecs' : 'f.secs';
    return sqlRows<MetricTicketRow>(
      this.dataSource,
      `WITH ${factsCtes(window)}
       SELECT f.ticket_id, f.at::text AS at, round(${seconds})::int AS seconds FROM facts f
        WHERE ${conditions.join(' AND ')}
        ORDER BY f.at DESC, f.ticket_id DESC LIMIT ${params.add(query.limit)}`,
      params.values,
    );
  }

  /** The tickets open at an instant, newest first (a page of them). */
  openTickets(params: SqlParams, point: PointInTime, before: { at: string; id: string } | null, limit: number): Promise<MetricTicketRow[]> {
    const ctes = openAtCtes(point);
    const after = before ? `WHERE (created_at, id) < (${params.add(before.at)}::timestamptz, ${params.add(before.id)}::uuid)` : '';
    return sqlRows<MetricTicketRow>(
      this.dataSource,
      `WITH ${ctes}
       SELECT id AS ticket_id, created_at::text AS at, NULL::int AS seconds FROM open_at ${after}
        ORDER BY created_at DESC, id DESC LIMIT ${params.add(limit)}`,
      params.values,
    );
  }

  /** What a list of the tickets behind a number shows of each: reference, subject, deadline, officer and outlet names. */
  ticketDetails(ids: string[]): Promise<MetricTicketDetailRow[]> {
    return sqlRows<MetricTicketDetailRow>(
      this.dataSource,
      `SELECT t.id, t.reference, t.subject, t.deadline_at, t.assignee_id, a.name AS assignee_name, t.outlet_id, o.name AS outlet_name
         FROM tickets_view t LEFT JOIN users_view a ON a.id = t.assignee_id LEFT JOIN outlets_view o ON o.id = t.outlet_id
        WHERE t.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Names of the officers, teams or outlets a breakdown's keys are, from the owners' published views. */
  names(source: 'users_view' | 'teams_view' | 'outlets_view', ids: string[]): Promise<NamedRow[]> {
    return sqlRows<NamedRow>(this.dataSource, `SELECT id, name FROM ${source} WHERE id = ANY($1::uuid[])`, [ids]);
  }

  officerOptions(): Promise<NamedRow[]> {
    return sqlRows<NamedRow>(this.dataSource, `SELECT id, name FROM users_view ORDER BY active DESC, name`);
  }

  teamOptions(): Promise<NamedRow[]> {
    return sqlRows<NamedRow>(this.dataSource, `SELECT id, name FROM teams_view ORDER BY name`);
  }

  /** The outlets that send the most inquiries; a desk's long tail of one-off domains is not a filter. */
  outletOptions(): Promise<OutletOptionRow[]> {
    return sqlRows<OutletOptionRow>(
      this.dataSource,
      `SELECT o.id, o.name, o.tier FROM outlets_view o
         JOIN (SELECT key, sum(received) AS n FROM metric_rollups WHERE dimension = 'outlet' AND grain = 'month' AND key <> ''
                GROUP BY key ORDER BY n DESC LIMIT 500) r ON r.key = o.id::text
        ORDER BY o.name`,
    );
  }

  async topicOptions(): Promise<string[]> {
    const rows = await sqlRows<{ key: string }>(
      this.dataSource,
      `SELECT DISTINCT key FROM metric_rollups WHERE dimension = 'topic' AND grain = 'month' AND key <> '' ORDER BY key`,
    );
    return rows.map((row) => row.key);
  }

  /**
   * Unanswered targets of the range still running at `now` (due after it): in total and per group of a
   * breakdown by officer, tier or topic, through the breach index (its `at > now` part is today's at most).
   */
  targetsRunning(tx: EntityManager, query: TargetFactsQuery, groupBy: 'officer' | 'tier' | 'topic'): Promise<TargetRunningRow[]> {
    const params = new SqlParams();
    const conditions = [`t.kind = 'target_waiting'`, `t.at > ${params.add(query.now)}::timestamptz`, ...this.targetWindow(params, query)];
    const key =
      groupBy === 'officer'
        ? `SELECT coalesce(f.officer::text, '') AS g FROM f`
        : groupBy === 'tier'
          ? `SELECT coalesce(o.tier, '') AS g FROM f LEFT JOIN outlets_view o ON o.id = f.outlet_id`
          : `SELECT tag AS g FROM f CROSS JOIN LATERAL unnest(CASE WHEN cardinality(f.tags) = 0 THEN ARRAY[''] ELSE f.tags END) tag`;
    return sqlRows<TargetRunningRow>(
      tx,
      `WITH f AS MATERIALIZED (SELECT t.officer, t.outlet_id, t.tags FROM metric_facts t WHERE ${conditions.join(' AND ')})
       SELECT true AS total, '' AS g, count(*)::int AS v FROM f
       UNION ALL
       SELECT false, g, count(*)::int FROM (${key}) k GROUP BY g`,
      params.values,
    );
  }

  /**
   * Target breaches latest due first, from the stored facts through their partial index: answered late,
   * or unanswered with the due time at or before `now`; with who, which outlet and how late.
   */
  targetBreaches(query: TargetFactsQuery, before: { at: string; id: string } | null, limit: number): Promise<TargetBreachFactRow[]> {
    const params = new SqlParams();
    const now = `${params.add(query.now)}::timestamptz`;
    const conditions = [`(t.kind = 'target_late' OR (t.kind = 'target_waiting' AND t.at <= ${now}))`, ...this.targetWindow(params, query)];
    if (before) conditions.push(`(t.at, t.ticket_id) < (${params.add(before.at)}::timestamptz, ${params.add(before.id)}::uuid)`);
    return sqlRows<TargetBreachFactRow>(
      this.dataSource,
      `WITH page AS (
         SELECT t.ticket_id, t.at, t.officer FROM metric_facts t
          WHERE ${conditions.join(' AND ')}
          ORDER BY t.at DESC, t.ticket_id DESC LIMIT ${params.add(limit)})
       SELECT page.ticket_id, page.at::text AS at, page.at AS due_at, page.officer AS officer_id, u.name AS officer_name,
              t.reference, t.subject, o.id AS outlet_id, o.name AS outlet_name, o.tier AS outlet_tier, t.request_type, t.target_minutes,
              t.first_response_at, extract(epoch FROM coalesce(t.first_response_at, ${now}) - page.at)::int AS late_seconds
         FROM page JOIN tickets_view t ON t.id = page.ticket_id
         LEFT JOIN outlets_view o ON o.id = t.outlet_id
         LEFT JOIN users_view u ON u.id = page.officer
        ORDER BY page.at DESC, page.ticket_id DESC`,
      params.values,
    );
  }

  /** The range and filters of a read of target facts (alias `t`, as every read of stored facts). */
  private targetWindow(params: SqlParams, query: TargetFactsQuery): string[] {
    const tz = `${params.add(query.timeZone)}::text`;
    const conditions = [
      `t.at >= (${params.add(query.from)}::date::timestamp AT TIME ZONE ${tz})`,
      `t.at < ((${params.add(query.to)}::date + 1)::timestamp AT TIME ZONE ${tz})`,
      ...ticketPredicatesOf(params, query.filters),
    ];
    const officer = officerPredicateOf(params, query.filters);
    if (officer) conditions.push(officer('t.officer'));
    return conditions;
  }

  /** Missed deadlines newest first, read from the stored facts through their partial index, with who, which outlet and how late. */
  deadlineMisses(query: DeadlineMissesQuery): Promise<DeadlineMissRow[]> {
    const params = new SqlParams();
    const tz = `${params.add(query.timeZone)}::text`;
    // The facts are aliased t, as every read of stored facts is, so the filters mean what they mean there.
    const conditions = [
      `t.kind = 'deadline_missed'`,
      `t.at >= (${params.add(query.from)}::date::timestamp AT TIME ZONE ${tz})`,
      `t.at < ((${params.add(query.to)}::date + 1)::timestamp AT TIME ZONE ${tz})`,
      ...ticketPredicatesOf(params, query.filters),
    ];
    const officer = officerPredicateOf(params, query.filters);
    if (officer) conditions.push(officer('t.officer'));
    if (query.before) conditions.push(`(t.at, t.ticket_id) < (${params.add(query.before.at)}::timestamptz, ${params.add(query.before.id)}::uuid)`);
    return sqlRows<DeadlineMissRow>(
      this.dataSource,
      `WITH page AS (
         SELECT t.ticket_id, t.at, t.officer FROM metric_facts t
          WHERE ${conditions.join(' AND ')}
          ORDER BY t.at DESC, t.ticket_id DESC LIMIT ${params.add(query.limit)})
       SELECT page.ticket_id, page.at::text AS at, page.officer, t.reference, t.subject, t.first_response_at,
              round(extract(epoch FROM coalesce(t.first_response_at, now()) - page.at))::int AS late_seconds,
              j.id AS journalist_id, j.name AS journalist_name, j.email AS journalist_email,
              o.id AS outlet_id, o.name AS outlet_name, o.tier AS outlet_tier, u.name AS officer_name
         FROM page JOIN tickets_view t ON t.id = page.ticket_id
         LEFT JOIN journalists_view j ON j.id = t.journalist_id
         LEFT JOIN outlets_view o ON o.id = t.outlet_id
         LEFT JOIN users_view u ON u.id = page.officer
        ORDER BY page.at DESC, page.ticket_id DESC`,
      params.values,
    );
  }
}
