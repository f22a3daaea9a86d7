import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';
import { sqlExec, sqlRow, sqlRows, type Queryable } from '../database/sql.js';
import { addDays, nextMonth } from './local-dates.js';
import { aggregateCtes, COUNTER_COLUMNS, factsCtes, OFFICE_DAYS_SQL, PAIR_DIMENSIONS, pairPart, SqlParams, STORED_DIMENSIONS, TEAM_DIMENSIONS, type StoredDimension } from './metric-facts.sql.js';
import { formatClock, type OpeningHours } from './office-hours.js';

/** Columns of metric_facts, as the facts CTE names them. */
const FACT_COLUMNS = 'day, ticket_id, kind, at, officer, outlet_id, channel, request_type, tags, secs, bsecs, flag, delta';

export interface RollupState {
  time_zone: string | null;
  calendar: string | null;
  closed_through: string | null;
  yesterday: string;
  today: string;
  live_day: string | null;
  /** Seconds since today's rollup was computed. */
  live_age: number | null;
  /** Changes recorded for closed days, and for today. */
  dirty_closed: boolean;
  dirty_today: boolean;
  /** A deadline of today passed unanswered since today's rollup was computed (pending became missed). */
  deadline_passed: boolean;
  /** An outlet changed tier: the tier rows are recomputed from the outlet rows. */
  tiers_stale: boolean;
  /** The pair rows were never computed (added after the facts): computed from the stored facts. */
  pairs_stale: boolean;
  /** The pairs' day rows were never computed (added after the facts): computed from the stored facts. */
  day_pairs_stale: boolean;
  /** The prefix histograms were never computed (added after the rollups): computed from the stored rollups. */
  prefixes_stale: boolean;
  /** The month-to-date histograms were never computed (added after the rollups): computed from the stored day rows. */
  month_to_date_stale: boolean;
  /** The rest-of-month histograms were never computed (added after the rollups): computed from the stored day rows. */
  rest_of_month_stale: boolean;
  /** The quarter rows were never computed (added after the rollups): computed from the stored month rows. */
  quarters_stale: boolean;
  /** A team's members changed (or the team rows were never computed): the team rows are computed from the stored facts. */
  teams_stale: boolean;
}

/** The office calendar the rollups are computed on. */
export interface OfficeCalendar {
  timeZone: string;
  openingHours: OpeningHours[];
  holidays: string[];
  /** calendarFingerprint of the hours and holidays: stored, so a change triggers a rebuild. */
  fingerprint: string;
}

/** Grains stored above the day, each recomputed from the daily rows of closed days. */
export const SUMMED_GRAINS = ['week', 'month'] as const;
export type SummedGrain = (typeof SUMMED_GRAINS)[number];
const periodOf = (grain: SummedGrain, column: string) => `date_trunc('${grain}', ${column}::timestamp)::date`;

/**
 * Dimensions broken down by outlet (hundreds of groups), also stored as prefix histograms by month
 * (`month_prefix`: every closed day up to the end of the month), so the whole months of a range are
 * two histograms per group (the prefix to its last month minus the prefix before its first) instead
 * of one a month. Outlet alone: the pairs by outlet (officer × outlet, outlet × topic) gained 1.1–2.2× from
 * prefixes but cost 633 MB at 1M and about 75 s per month to recompute after a change in an old month, during
 * which metric reads wait (docs/benchmarks.md, 2026-12-07 outlet prefixes); the outlet alone costs 58 MB, ~12 s a month.
 * Topic (25 keys at 1M): a year by topic searched ~20 histograms per group and measure, as many as by officer with a
 * third more groups, and sat at the 3× goal (docs/benchmarks.md, issue 16 targets and topics); its prefixes are small.
 */
export const PREFIX_DIMENSIONS: readonly StoredDimension[] = ['outlet', 'topic'];

/**
 * They are also stored month to date (`month_to_date`: every closed day of the month up to that day), so
 * the closed days of ANY range are at most four histograms per group: (prefix to the month before the
 * last day's + month to date of the last day) minus the same for the day before the first. The edge days
 * and weeks of a range by outlet were up to 7 more histograms per group (docs/benchmarks.md, 2026-12-07).
 * Every prefix dimension has them (outlet and topic): the reads of the two take the same path.
 */
export const MONTH_TO_DATE_DIMENSIONS: readonly StoredDimension[] = PREFIX_DIMENSIONS;

/**
 * A running histogram of `grain` for the period $2 and the dimensions $1: the sum, bin by bin, of the
 * histograms `sources` picks (the running one before it and the period's own row).
 */
function runningHistogramSql(grain: 'month_prefix' | 'month_to_date' | 'rest_of_month', sources: string): string {
  return `INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
    SELECT dimension, '${grain}', $2::date, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
      FROM (SELECT h.dimension, h.key, h.measure, u.bin, sum(u.n)::int AS n
              FROM metric_rollup_histograms h, unnest(h.bins, h.counts) u(bin, n)
             WHERE h.dimension = ANY($1::text[]) AND (${sources})
             GROUP BY 1, 2, 3, 4) merged
     GROUP BY dimension, key, measure ORDER BY 1, 2, 3`;
}

/**
 * SQL of the stored metrics: facts, daily/weekly/monthly rollups and their histograms, the marks of
 * stale days, the rollup state and the business-hours calendar. Reads tickets and events (declared
 * in table-owners.ts) to compute the facts.
 */
@Injectable()
export class MetricRollupsRepository {

  /** One refresh or rebuild at a time, across replicas. */
  async lock(tx: EntityManager): Promise<void> {
    await sqlExec(tx, 'SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.metricRollups]);
  }

  /** Takes the marks of closed days (before `today`) and answers the office-local days they fall on. */
  async takeClosedMarks(tx: EntityManager, timeZone: string, today: string): Promise<string[]> {
    const rows = await sqlRows<{ day: string }>(
      tx,
      `WITH taken AS (DELETE FROM metric_dirty WHERE at < ($2::date::timestamp AT TIME ZONE $1) RETURNING at)
       SELECT DISTINCT (at AT TIME ZONE $1)::date::text AS day FROM taken`,
      [timeZone, today],
    );
    return rows.map((row) => row.day);
  }

  /** Takes today's marks: a change committed after this leaves a new mark for the next refresh. */
  async takeTodayMarks(tx: EntityManager, timeZone: string, today: string): Promise<void> {
    await sqlExec(
      tx,
      `DELETE FROM metric_dirty WHERE at >= ($2::date::timestamp AT TIME ZONE $1) AND at < (($2::date + 1)::timestamp AT TIME ZONE $1)`,
      [timeZone, today],
    );
  }

  /** Drops the daily rows and stored facts of [from, to], or of `from` onwards when `to` is null. */
  async deleteDays(tx: EntityManager, from: string, to: string | null): Promise<void> {
    const range = to === null ? '>= $1' : 'BETWEEN $1 AND $2';
    const params = to === null ? [from] : [from, to];
    await sqlExec(tx, `DELETE FROM metric_rollups WHERE grain = 'day' AND period ${range}`, params);
    await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE grain = 'day' AND period ${range}`, params);
    await sqlExec(tx, `DELETE FROM metric_facts WHERE day ${range}`, params);
  }

  async setClosedThrough(tx: EntityManager, day: string): Promise<void> {
    await sqlExec(tx, `UPDATE metric_rollup_state SET closed_through = $1`, [day]);
  }

  async setLiveDay(tx: EntityManager, day: string): Promise<void> {
    await sqlExec(tx, `UPDATE metric_rollup_state SET live_day = $1, live_computed_at = now()`, [day]);
  }

  async readState(db: Queryable, timeZone: string): Promise<RollupState> {
    const state = await sqlRow<RollupState>(
      db,
      `WITH bounds AS (
         SELECT (now() AT TIME ZONE $1)::date AS today,
                ((now() AT TIME ZONE $1)::date::timestamp AT TIME ZONE $1) AS today_start,
                (((now() AT TIME ZONE $1)::date + 1)::timestamp AT TIME ZONE $1) AS tomorrow_start)
       SELECT s.time_zone, s.calendar, s.closed_through::text AS closed_through,
              (b.today - 1)::text AS yesterday, b.today::text AS today, s.live_day::text AS live_day,
              extract(epoch FROM now() - s.live_computed_at)::float8 AS live_age,
              EXISTS (SELECT 1 FROM metric_dirty WHERE at < b.today_start) AS dirty_closed, s.tiers_stale, s.pairs_stale, s.day_pairs_stale, s.prefixes_stale, s.month_to_date_stale, s.rest_of_month_stale, s.quarters_stale, s.teams_stale,
              EXISTS (SELECT 1 FROM metric_dirty WHERE at >= b.today_start AND at < b.tomorrow_start) AS dirty_today,
              EXISTS (SELECT 1 FROM tickets_view t
                       WHERE t.deadline_at > s.live_computed_at AND t.deadline_at <= now()
                         AND (t.first_response_at IS NULL OR t.first_response_at > t.deadline_at)) AS deadline_passed
         FROM metric_rollup_state s, bounds b`,
      [timeZone],
    );
    if (!state) throw new Error('metric_rollup_state has no row: run the migrations');
    return state;
  }

  /** Room for the aggregations of a refresh, for this transaction only. */
  async tune(tx: EntityManager): Promise<void> {
    await sqlExec(tx, `SET LOCAL work_mem = '256MB'`);
  }

  /**
   * Every closed day at once: the facts of the whole history into a temporary table (one pass over
   * tickets and events), then one aggregation by day and one by month.
   */
  async rebuildAll(tx: EntityManager, office: OfficeCalendar, yesterday: string, progress: (message: string) => void): Promise<number> {
    await sqlExec(tx, `SET LOCAL work_mem = '1GB'`);
    await this.writeCalendar(tx, office);
    await sqlExec(tx, 'TRUNCATE metric_rollups, metric_rollup_histograms, metric_facts');
    await sqlExec(tx, 'DELETE FROM metric_dirty');
    const params = new SqlParams();
    const tz = `${params.add(office.timeZone)}::text`;
    const hi = `((${params.add(yesterday)}::date + 1)::timestamp AT TIME ZONE ${tz})`;
    await sqlExec(tx, 'DROP TABLE IF EXISTS rebuild_facts');
    await sqlExec(
      tx,
      `CREATE TEMP TABLE rebuild_facts ON COMMIT DROP AS
       WITH ${factsCtes({ lo: `'-infinity'::timestamptz`, hi, now: 'now()', tz, events: 'scan' })}
       SELECT * FROM facts`,
      params.values,
    );
    progress('facts computed');
    // Stored by day, and by officer within a day, so an officer's facts of a range lie together on disk.
    await sqlExec(tx, `INSERT INTO metric_facts (${FACT_COLUMNS}) SELECT ${FACT_COLUMNS} FROM rebuild_facts ORDER BY day, officer`);
    progress('facts stored');
    for (const grain of ['day', ...SUMMED_GRAINS] as const) {
      const period = grain === 'day' ? 'day' : periodOf(grain, 'day');
      await this.storeAggregates(
        tx,
        `facts AS (SELECT ticket_id, kind, at, ${period} AS day, officer, outlet_id, channel, request_type, tags, secs, bsecs, flag, delta FROM rebuild_facts)`,
        STORED_DIMENSIONS,
        grain,
      );
      progress(`${grain} rollups stored`);
    }
    await this.computeQuarters(tx, null);
    progress('quarter rollups stored');
    await this.computePrefixes(tx, null, yesterday);
    progress('prefix histograms stored');
    await this.computeMonthToDate(tx, null, yesterday);
    progress('month-to-date histograms stored');
    await this.computeRestOfMonth(tx, null, yesterday);
    progress('rest-of-month histograms stored');
    // Fresh statistics, so the first reads plan on the rows just written (key order, see above).
    await sqlExec(tx, 'ANALYZE metric_rollups, metric_rollup_histograms, metric_facts');
    await sqlExec(tx, 'UPDATE metric_rollup_state SET tiers_stale = false, pairs_stale = false, day_pairs_stale = false, quarters_stale = false, teams_stale = false');
    const days = (await sqlRow<{ days: number }>(tx, `SELECT count(DISTINCT period)::int AS days FROM metric_rollups WHERE grain = 'day'`))?.days ?? 0;
    await sqlExec(tx, `UPDATE metric_rollup_state SET time_zone = $1, calendar = $2, closed_through = $3, rebuilt_at = now()`, [
      office.timeZone,
      office.fingerprint,
      yesterday,
    ]);
    return days;
  }

  /** Stores the daily rollups of [from, to] (office-local dates), every dimension. */
  async computeDays(tx: EntityManager, timeZone: string, from: string, to: string): Promise<void> {
    const params = new SqlParams();
    const tz = `${params.add(timeZone)}::text`;
    const lo = `(${params.add(from)}::date::timestamp AT TIME ZONE ${tz})`;
    const hi = `((${params.add(to)}::date + 1)::timestamp AT TIME ZONE ${tz})`;
    // The day's facts are kept too, in the same statement.
    const kept = `kept AS (INSERT INTO metric_facts (${FACT_COLUMNS}) SELECT ${FACT_COLUMNS} FROM facts ORDER BY day, officer RETURNING 1)`;
    await this.storeAggregates(tx, factsCtes({ lo, hi, now: 'now()', tz }), STORED_DIMENSIONS, 'day', params.values, kept);
  }

  /** Recomputes weekly or monthly rollups (periods given by their first day) from the daily ones of closed days. */
  async computeSummed(tx: EntityManager, grain: SummedGrain, periods: string[], closedThrough: string): Promise<void> {
    if (!periods.length) return;
    const days = periods.flatMap((first) => [first, addDays(first, grain === 'week' ? 6 : 30)]).sort();
    await sqlExec(tx, `DELETE FROM metric_rollups WHERE grain = $2 AND period = ANY($1::date[])`, [periods, grain]);
    await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE grain = $2 AND period = ANY($1::date[])`, [periods, grain]);
    // The daily rows of those periods: a range of days read through the key, then narrowed. Pairs included: every
    // pair has day rows, so its weeks and months are their sums like any dimension's.
    await this.storeSums(
      tx,
      grain,
      (alias) => `${alias}.grain = 'day' AND ${alias}.period BETWEEN $3::date AND least($4::date, $2::date) AND ${periodOf(grain, `${alias}.period`)} = ANY($1::date[])`,
      [periods, closedThrough, days[0], days.at(-1)],
    );
    if (grain === 'month') await this.computePrefixes(tx, periods, closedThrough);
  }

  /**
   * Rows of `grain` as each key's sums of the finer rows `source` selects (alias given): counters added, histograms
   * added bin by bin. The rows of the periods written must be deleted first.
   */
  private async storeSums(tx: EntityManager, grain: SummedGrain | 'quarter', source: (alias: string) => string, params: unknown[]): Promise<void> {
    const period = (column: string) => `date_trunc('${grain}', ${column}::timestamp)::date`;
    await sqlExec(
      tx,
      `INSERT INTO metric_rollups (dimension, grain, period, key, ${COUNTER_COLUMNS.join(', ')})
       SELECT dimension, '${grain}', ${period('period')}, key, ${COUNTER_COLUMNS.map((column) => `sum(${column})::int`).join(', ')}
         FROM metric_rollups r WHERE ${source('r')}
        GROUP BY dimension, ${period('period')}, key ORDER BY 1, 3, 4`,
      params,
    );
    await sqlExec(
      tx,
      `INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
       SELECT dimension, '${grain}', p, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
         FROM (SELECT h.dimension, ${period('h.period')} AS p, h.key, h.measure, u.bin, sum(u.n)::int AS n
                 FROM metric_rollup_histograms h, unnest(h.bins, h.counts) u(bin, n)
                WHERE ${source('h')}
                GROUP BY 1, 2, 3, 4, 5) merged
        GROUP BY dimension, p, key, measure ORDER BY 1, 3, 4, 5`,
      params,
    );
  }

  /**
   * Prefix histograms of PREFIX_DIMENSIONS: `month_prefix` of every month from the first given one
   * (the first stored when null) to the last closed one, each the month before's plus its own
   * monthly row, so a change to one month carries into every later prefix.
   */
  async computePrefixes(tx: EntityManager, months: string[] | null, closedThrough: string): Promise<void> {
    const dimensions = [...PREFIX_DIMENSIONS];
    const earliest = await sqlRow<{ first: string | null }>(
      tx,
      `SELECT min(period)::text AS first FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = 'month'`,
      [dimensions],
    );
    const since = months ? [...months].sort()[0] : (earliest?.first ?? null);
    await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = 'month_prefix' AND ($2::date IS NULL OR period >= $2::date)`, [
      dimensions,
      months ? since : null,
    ]);
    if (!months) await sqlExec(tx, 'UPDATE metric_rollup_state SET prefixes_stale = false');
    if (!since) return;
    // Month by month, as each needs the one before.
    for (let month = since; month <= closedThrough; month = nextMonth(month)) {
      await sqlExec(
        tx,
        runningHistogramSql('month_prefix', `(h.grain = 'month_prefix' AND h.period = ($2::date - interval '1 month')::date) OR (h.grain = 'month' AND h.period = $2::date)`),
        [dimensions, month],
      );
    }
  }

  /**
   * Month-to-date histograms of MONTH_TO_DATE_DIMENSIONS for the closed days from each given day to the end of
   * its month (every stored day when null): each day's is the day before's (same month) plus its own day row,
   * so a change to one day carries to the end of its month, never further (the month prefixes carry it on).
   */
  async computeMonthToDate(tx: EntityManager, days: string[] | null, closedThrough: string): Promise<void> {
    const dimensions = [...MONTH_TO_DATE_DIMENSIONS];
    const starts: string[] = [];
    if (days) {
      // The earliest changed day of each month.
      for (const day of [...days].sort()) if (!starts.some((start) => start.slice(0, 7) === day.slice(0, 7))) starts.push(day);
    } else {
      await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = 'month_to_date'`, [dimensions]);
      await sqlExec(tx, 'UPDATE metric_rollup_state SET month_to_date_stale = false');
      const earliest = await this.firstStoredDay(tx, dimensions);
      for (let month = earliest; month && month <= closedThrough; month = nextMonth(`${month.slice(0, 7)}-01`)) starts.push(month);
    }
    for (const start of starts) {
      const monthEnd = addDays(nextMonth(`${start.slice(0, 7)}-01`), -1);
      const last = monthEnd < closedThrough ? monthEnd : closedThrough;
      if (days) {
        await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = 'month_to_date' AND period BETWEEN $2::date AND $3::date`, [
          dimensions,
          start,
          monthEnd,
        ]);
      }
      // Day by day, as each needs the one before; the first of the month is its day row alone.
      for (let day = start; day <= last; day = addDays(day, 1)) {
        await sqlExec(
          tx,
          runningHistogramSql('month_to_date', `(h.grain = 'month_to_date' AND h.period = $2::date - 1 AND extract(day FROM $2::date) > 1) OR (h.grain = 'day' AND h.period = $2::date)`),
          [dimensions, day],
        );
      }
    }
  }

  /**
   * Rest-of-month histograms of MONTH_TO_DATE_DIMENSIONS in the months that have ended (up to `closedThrough`) and hold
   * one of the given days (every such month when null): for each day D of such a month, every day from D to the month's
   * end (`rest_of_month`), the day after's plus D's own day row. A change to one day carries back to the first of its
   * month, never further. With the month to date, the closed days of a range across a month boundary are the first
   * day's rest of month, the months between and the last day's month to date: all added, none subtracted.
   */
  async computeRestOfMonth(tx: EntityManager, days: string[] | null, closedThrough: string): Promise<void> {
    const dimensions = [...MONTH_TO_DATE_DIMENSIONS];
    // Per month, the latest day to compute from (backwards to its first).
    const latest = new Map<string, string>();
    if (days) {
      for (const day of days) {
        const month = `${day.slice(0, 7)}-01`;
        if ((latest.get(month) ?? '') < day) latest.set(month, day);
      }
    } else {
      await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = 'rest_of_month'`, [dimensions]);
      await sqlExec(tx, 'UPDATE metric_rollup_state SET rest_of_month_stale = false');
      const earliest = await this.firstStoredDay(tx, dimensions);
      for (let month = earliest ? `${earliest.slice(0, 7)}-01` : null; month && month <= closedThrough; month = nextMonth(month)) {
        latest.set(month, addDays(nextMonth(month), -1));
      }
    }
    for (const [month, from] of latest) {
      const monthEnd = addDays(nextMonth(month), -1);
      // A month still running has no rest of month: its days are read as month to date or day rows.
      if (monthEnd > closedThrough) continue;
      if (days) {
        await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = 'rest_of_month' AND period BETWEEN $2::date AND $3::date`, [
          dimensions,
          month,
          from,
        ]);
      }
      // Day by day backwards, as each needs the one after; the last of the month is its day row alone.
      for (let day = from; day >= month; day = addDays(day, -1)) {
        await sqlExec(
          tx,
          runningHistogramSql('rest_of_month', `(h.grain = 'rest_of_month' AND h.period = $2::date + 1 AND extract(day FROM $2::date + 1) > 1) OR (h.grain = 'day' AND h.period = $2::date)`),
          [dimensions, day],
        );
      }
    }
  }

  /** The first day with a stored day histogram of the dimensions, or null. */
  private async firstStoredDay(tx: EntityManager, dimensions: readonly StoredDimension[]): Promise<string | null> {
    const row = await sqlRow<{ first: string | null }>(
      tx,
      `SELECT min(period)::text AS first FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = 'day'`,
      [dimensions],
    );
    return row?.first ?? null;
  }

  /**
   * Quarter rows of every dimension and pair (the given quarters, by their first day, or every one when
   * null): each key's sum of the quarter's month rows, counters and histograms, so they hold the closed
   * days the month rows hold. Recomputed after the month rows of a changed day, and after tier rows.
   */
  async computeQuarters(tx: EntityManager, quarters: string[] | null): Promise<void> {
    if (quarters && !quarters.length) return;
    const months = quarters ? [...quarters].sort() : null;
    if (months) {
      await sqlExec(tx, `DELETE FROM metric_rollups WHERE grain = 'quarter' AND period = ANY($1::date[])`, [months]);
      await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE grain = 'quarter' AND period = ANY($1::date[])`, [months]);
    } else {
      await sqlExec(tx, `DELETE FROM metric_rollups WHERE grain = 'quarter'`);
      await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE grain = 'quarter'`);
    }
    // The month rows of those quarters: a range of months read through the key, then narrowed.
    await this.storeSums(
      tx,
      'quarter',
      (alias) =>
        months
          ? `${alias}.grain = 'month' AND ${alias}.period BETWEEN $1::date AND ($2::date + interval '2 months')::date AND date_trunc('quarter', ${alias}.period::timestamp)::date = ANY($3::date[])`
          : `${alias}.grain = 'month'`,
      months ? [months[0], months.at(-1), months] : [],
    );
    if (!quarters) {
      // Statistics of the new grain, so the first reads plan on its rows (without them a team's quarter rows were
      // estimated at one and read through every key of the quarter: a team by outlet 143 → 315 ms at 1M).
      await sqlExec(tx, 'ANALYZE metric_rollups, metric_rollup_histograms');
      await sqlExec(tx, 'UPDATE metric_rollup_state SET quarters_stale = false');
    }
  }

  /**
   * Pair rows of every closed week and month from the stored facts (a database that had none): replaces
   * them. Afterwards a changed day's weeks and months are summed from the day rows like any dimension's.
   */
  async computePairs(tx: EntityManager, closedThrough: string): Promise<void> {
    for (const grain of SUMMED_GRAINS) {
      const period = periodOf(grain, 'day');
      await sqlExec(tx, `DELETE FROM metric_rollups WHERE dimension = ANY($1::text[]) AND grain = $2`, [PAIR_DIMENSIONS, grain]);
      await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = $2`, [PAIR_DIMENSIONS, grain]);
      await this.storeAggregates(
        tx,
        `facts AS (SELECT ticket_id, kind, at, ${period} AS day, officer, outlet_id, channel, request_type, tags, secs, bsecs, flag, delta
                     FROM metric_facts WHERE day <= $1::date)`,
        PAIR_DIMENSIONS,
        grain,
        [closedThrough],
      );
    }
    await sqlExec(tx, 'UPDATE metric_rollup_state SET pairs_stale = false');
  }

  /**
   * Day rows of every pair for every stored day, from the stored facts, a month of days per statement;
   * replaces their day rows.
   */
  async computeDayPairs(tx: EntityManager): Promise<void> {
    await this.storeDayRows(tx, PAIR_DIMENSIONS);
    await sqlExec(tx, 'UPDATE metric_rollup_state SET day_pairs_stale = false');
  }

  /**
   * Team rows (TEAM_DIMENSIONS) of every stored period from the stored facts and the teams' members now, after a
   * change of members: day rows a month of facts at a time, then weeks and months as the sums of the closed days'
   * rows and quarters as the sums of the months, as every dimension's are kept.
   */
  async recomputeTeams(tx: EntityManager, closedThrough: string): Promise<void> {
    const dimensions = [...TEAM_DIMENSIONS];
    await sqlExec(tx, 'UPDATE metric_rollup_state SET teams_stale = false');
    await sqlExec(tx, `DELETE FROM metric_rollups WHERE dimension = ANY($1::text[])`, [dimensions]);
    await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE dimension = ANY($1::text[])`, [dimensions]);
    await this.storeDayRows(tx, dimensions);
    for (const grain of SUMMED_GRAINS) {
      await this.storeSums(tx, grain, (alias) => `${alias}.dimension = ANY($1::text[]) AND ${alias}.grain = 'day' AND ${alias}.period <= $2::date`, [dimensions, closedThrough]);
    }
    await this.storeSums(tx, 'quarter', (alias) => `${alias}.dimension = ANY($1::text[]) AND ${alias}.grain = 'month'`, [dimensions]);
    await sqlExec(tx, 'ANALYZE metric_rollups, metric_rollup_histograms');
  }

  /** Day rows of `dimensions` for every stored day, from the stored facts, a month of days per statement; replaces theirs. */
  private async storeDayRows(tx: EntityManager, dimensions: readonly StoredDimension[]): Promise<void> {
    await sqlExec(tx, `DELETE FROM metric_rollups WHERE dimension = ANY($1::text[]) AND grain = 'day'`, [dimensions]);
    await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = 'day'`, [dimensions]);
    const months = await sqlRows<{ first: string }>(tx, `SELECT DISTINCT date_trunc('month', day::timestamp)::date::text AS first FROM metric_facts ORDER BY 1`);
    for (const { first } of months) {
      await this.storeAggregates(
        tx,
        `facts AS (SELECT ticket_id, kind, at, day, officer, outlet_id, channel, request_type, tags, secs, bsecs, flag, delta
                     FROM metric_facts WHERE day >= $1::date AND day < ($1::date + interval '1 month')::date)`,
        dimensions,
        'day',
        [first],
      );
    }
  }

  /** Tier rows of every stored period, from the outlet rows and the outlets' tiers now (after an outlet changed tier). */
  async recomputeTiers(tx: EntityManager): Promise<void> {
    await sqlExec(tx, 'UPDATE metric_rollup_state SET tiers_stale = false');
    // Each tier dimension from its outlet dimension: the key with the outlet part replaced by its tier.
    const derived = [
      { target: 'tier', source: 'outlet', outlet: (key: string) => key, key: (tier: string) => tier },
      { target: 'officer_tier', source: 'officer_outlet', outlet: (key: string) => pairPart(key, 2), key: (tier: string, key: string) => `${pairPart(key, 1)} || chr(31) || ${tier}` },
      { target: 'tier_topic', source: 'outlet_topic', outlet: (key: string) => pairPart(key, 1), key: (tier: string, key: string) => `${tier} || chr(31) || ${pairPart(key, 2)}` },
    ];
    for (const { target, source, outlet, key } of derived) {
      await sqlExec(tx, `DELETE FROM metric_rollups WHERE dimension = $1`, [target]);
      await sqlExec(tx, `DELETE FROM metric_rollup_histograms WHERE dimension = $1`, [target]);
      await sqlExec(
      tx,
        `INSERT INTO metric_rollups (dimension, grain, period, key, ${COUNTER_COLUMNS.join(', ')})
         SELECT $1::text, r.grain, r.period, ${key(`coalesce(o.tier, '')`, 'r.key')}, ${COUNTER_COLUMNS.map((column) => `sum(r.${column})::int`).join(', ')}
           FROM metric_rollups r LEFT JOIN outlets_view o ON o.id::text = ${outlet('r.key')}
          WHERE r.dimension = $2 AND r.grain IN ('day', 'week', 'month', 'quarter') GROUP BY 2, 3, 4 ORDER BY 2, 3, 4`,
        [target, source],
      );
      await sqlExec(
      tx,
        `INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
         SELECT $1::text, grain, period, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
           FROM (SELECT h.grain, h.period, ${key(`coalesce(o.tier, '')`, 'h.key')} AS key, h.measure, u.bin, sum(u.n)::int AS n
                   FROM metric_rollup_histograms h LEFT JOIN outlets_view o ON o.id::text = ${outlet('h.key')}, unnest(h.bins, h.counts) u(bin, n)
                  WHERE h.dimension = $2 AND h.grain IN ('day', 'week', 'month', 'quarter') GROUP BY 1, 2, 3, 4, 5) merged
          GROUP BY grain, period, key, measure ORDER BY 1, 2, 3, 4`,
        [target, source],
      );
    }
  }

  /**
   * One statement: the CTEs `ctes` (ending in `facts`, whose `day` is the period) aggregated into
   * the counters and histograms of `grain` for `dimensions`; `also` adds a data-modifying CTE.
   */
  private async storeAggregates(
    tx: EntityManager,
    ctes: string,
    dimensions: readonly StoredDimension[],
    grain: 'day' | SummedGrain,
    params: unknown[] = [],
    also = '',
  ): Promise<void> {
    const counters = COUNTER_COLUMNS.join(', ');
    await sqlExec(
      tx,
      `WITH ${ctes},
            ${aggregateCtes(dimensions)},
            stored AS (
              INSERT INTO metric_rollups (dimension, grain, period, key, ${counters})
              SELECT dim, '${grain}', day, key, ${counters} FROM agg_counters ORDER BY dim, day, key RETURNING 1)${also ? `,
            ${also}` : ''}
       INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
       SELECT dim, '${grain}', day, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
         FROM agg_bins GROUP BY dim, day, key, measure ORDER BY dim, day, key, measure`,
      params,
    );
  }

  /** The office calendar for 2000-2099: opening and closing instants per local day, and open seconds before it. */
  private async writeCalendar(tx: EntityManager, office: OfficeCalendar): Promise<void> {
    await sqlExec(tx, 'DELETE FROM metric_office_calendar');
    if (!office.openingHours.length) return;
    await sqlExec(
      tx,
      `INSERT INTO metric_office_calendar (day, opens_at, closes_at, seconds_before)
       SELECT day, opens_at, closes_at,
              coalesce(sum(extract(epoch FROM closes_at - opens_at)) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::bigint
         FROM (${OFFICE_DAYS_SQL}) days`,
      [
        office.timeZone,
        office.holidays,
        office.openingHours.map((day) => day.weekday),
        office.openingHours.map((day) => formatClock(day.opens)),
        office.openingHours.map((day) => (day.closes === 24 * 60 ? '24:00' : formatClock(day.closes))),
      ],
    );
  }
}
