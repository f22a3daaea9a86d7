import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { longTransaction } from '../database/database-deadlines.js';
import { addDays, monthStart, runs, weekStart } from './local-dates.js';
import { aggregateCtes, COUNTER_COLUMNS, factsCtes, PAIR_DIMENSIONS, pairPart, ROLLUP_DIMENSIONS, SqlParams } from './metric-facts.sql.js';
import { calendarFingerprint, formatClock, parseHolidays, parseOfficeHours, type OpeningHours } from './office-hours.js';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';

/** Columns of metric_facts, as the facts CTE names them. */
const FACT_COLUMNS = 'day, ticket_id, kind, at, officer, outlet_id, channel, request_type, tags, secs, bsecs, flag, delta';
// Days recomputed per statement: bounds the memory of one aggregation.
const CHUNK_DAYS = 31;

interface RollupState {
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
}

/** Grains stored above the day, each recomputed from the daily rows of closed days. */
const SUMMED_GRAINS = ['week', 'month'] as const;
type SummedGrain = (typeof SUMMED_GRAINS)[number];
const periodOf = (grain: SummedGrain, column: string) => `date_trunc('${grain}', ${column}::timestamp)::date`;

/**
 * Stored daily and monthly rollups for closed days (every day before today in the office's time
 * zone), and a provisional daily rollup for today. Ticket changes mark days stale (a trigger on
 * tickets); `refresh` recomputes them, closes the days that have ended and recomputes today when
 * it changed, under an advisory lock, so replicas never do the work twice.
 */
@Injectable()
export class RollupsService {
  private readonly logger = new Logger('MetricRollups');
  readonly openingHours: OpeningHours[];
  readonly holidays: string[];
  readonly calendar: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    this.openingHours = parseOfficeHours(config.OFFICE_HOURS).days;
    this.holidays = parseHolidays(config.OFFICE_HOLIDAYS).dates;
    this.calendar = calendarFingerprint(this.openingHours, this.holidays);
  }

  get timeZone(): string {
    return this.config.OFFICE_TIMEZONE;
  }

  /** Office hours as configured, or null when business-hours figures are off. */
  get businessHours(): string | null {
    return this.openingHours.length ? this.calendar : null;
  }

  /**
   * Brings the rollups up to date: every closed day stored, every marked day recomputed, and today
   * recomputed when something touched it, unless it was computed less than `maxAge` seconds ago.
   * Returns today's date and the last closed day.
   */
  async refresh(maxAge = 0): Promise<{ today: string; closedThrough: string }> {
    const state = await this.readState(this.dataSource.manager);
    if (!this.closingNeeded(state) && !this.todayNeeded(state, maxAge)) return { today: state.today, closedThrough: state.yesterday };
    return longTransaction(this.dataSource, this.config.DB_LONG_STATEMENT_TIMEOUT_MS, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.metricRollups]);
      const locked = await this.readState(tx);
      await this.tune(tx);
      let rebuilt = false;
      if (locked.time_zone !== this.timeZone || locked.calendar !== this.calendar || !locked.closed_through) {
        await this.rebuildAll(tx, locked.yesterday);
        rebuilt = true;
      } else if (this.closingNeeded(locked)) {
        if (locked.pairs_stale) await this.computePairs(tx, null, locked.closed_through);
        await this.catchUp(tx, locked.closed_through, locked.yesterday, locked.today);
        if (locked.tiers_stale) await this.recomputeTiers(tx);
      }
      if (rebuilt || this.todayNeeded(locked, maxAge)) await this.computeToday(tx, locked.today);
      return { today: locked.today, closedThrough: locked.yesterday };
    });
  }

  /** Drops every rollup and computes them again from the tickets and the event log. */
  async rebuild(progress: (message: string) => void = () => undefined): Promise<{ days: number; seconds: number }> {
    const started = performance.now();
    const days = await longTransaction(this.dataSource, this.config.DB_LONG_STATEMENT_TIMEOUT_MS, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.metricRollups]);
      await this.tune(tx);
      const state = await this.readState(tx);
      const closed = await this.rebuildAll(tx, state.yesterday, progress);
      await this.computeToday(tx, state.today);
      return closed;
    });
    return { days, seconds: (performance.now() - started) / 1000 };
  }

  private closingNeeded(state: RollupState): boolean {
    return (
      state.dirty_closed ||
      state.tiers_stale ||
      state.pairs_stale ||
      state.time_zone !== this.timeZone ||
      state.calendar !== this.calendar ||
      state.closed_through !== state.yesterday
    );
  }

  private todayNeeded(state: RollupState, maxAge: number): boolean {
    if (state.live_day !== state.today) return true;
    return (state.dirty_today || state.deadline_passed) && (state.live_age ?? Infinity) >= maxAge;
  }

  private async readState(manager: EntityManager): Promise<RollupState> {
    const [state] = (await manager.query(
      `WITH bounds AS (
         SELECT (now() AT TIME ZONE $1)::date AS today,
                ((now() AT TIME ZONE $1)::date::timestamp AT TIME ZONE $1) AS today_start,
                (((now() AT TIME ZONE $1)::date + 1)::timestamp AT TIME ZONE $1) AS tomorrow_start)
       SELECT s.time_zone, s.calendar, s.closed_through::text AS closed_through,
              (b.today - 1)::text AS yesterday, b.today::text AS today, s.live_day::text AS live_day,
              extract(epoch FROM now() - s.live_computed_at)::float8 AS live_age,
              EXISTS (SELECT 1 FROM metric_dirty WHERE at < b.today_start) AS dirty_closed, s.tiers_stale, s.pairs_stale,
              EXISTS (SELECT 1 FROM metric_dirty WHERE at >= b.today_start AND at < b.tomorrow_start) AS dirty_today,
              EXISTS (SELECT 1 FROM tickets t
                       WHERE t.deadline_at > s.live_computed_at AND t.deadline_at <= now()
                         AND (t.first_response_at IS NULL OR t.first_response_at > t.deadline_at)) AS deadline_passed
         FROM metric_rollup_state s, bounds b`,
      [this.timeZone],
    )) as RollupState[];
    return state;
  }

  private async tune(tx: EntityManager): Promise<void> {
    await tx.query(`SET LOCAL work_mem = '256MB'`);
  }

  /**
   * Every closed day at once: the facts of the whole history into a temporary table (one pass over
   * tickets and events), then one aggregation by day and one by month.
   */
  private async rebuildAll(tx: EntityManager, yesterday: string, progress: (message: string) => void = () => undefined): Promise<number> {
    await tx.query(`SET LOCAL work_mem = '1GB'`);
    await this.writeCalendar(tx);
    await tx.query('TRUNCATE metric_rollups, metric_rollup_histograms, metric_facts');
    await tx.query('DELETE FROM metric_dirty');
    const params = new SqlParams();
    const tz = `${params.add(this.timeZone)}::text`;
    const hi = `((${params.add(yesterday)}::date + 1)::timestamp AT TIME ZONE ${tz})`;
    await tx.query('DROP TABLE IF EXISTS rebuild_facts');
    await tx.query(
      `CREATE TEMP TABLE rebuild_facts ON COMMIT DROP AS
       WITH ${factsCtes({ lo: `'-infinity'::timestamptz`, hi, now: 'now()', tz, events: 'scan' })}
       SELECT * FROM facts`,
      params.values,
    );
    progress('facts computed');
    // Stored by day, and by officer within a day, so an officer's facts of a range lie together on disk.
    await tx.query(`INSERT INTO metric_facts (${FACT_COLUMNS}) SELECT ${FACT_COLUMNS} FROM rebuild_facts ORDER BY day, officer`);
    progress('facts stored');
    const counters = COUNTER_COLUMNS.join(', ');
    for (const grain of ['day', ...SUMMED_GRAINS] as const) {
      const period = grain === 'day' ? 'day' : periodOf(grain, 'day');
      // Pairs are stored by week and month only: the days a range adds are read from the facts.
      await tx.query(
        `WITH facts AS (SELECT ticket_id, kind, at, ${period} AS day, officer, outlet_id, channel, request_type, tags, secs, bsecs, flag, delta FROM rebuild_facts),
              ${aggregateCtes(grain === 'day' ? ROLLUP_DIMENSIONS : [...ROLLUP_DIMENSIONS, ...PAIR_DIMENSIONS])},
              stored AS (
                INSERT INTO metric_rollups (dimension, grain, period, key, ${counters})
                SELECT dim, '${grain}', day, key, ${counters} FROM agg_counters ORDER BY dim, day, key RETURNING 1)
         INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
         SELECT dim, '${grain}', day, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
           FROM agg_bins GROUP BY dim, day, key, measure ORDER BY dim, day, key, measure`,
      );
      progress(`${grain} rollups stored`);
    }
    // Fresh statistics, so the first reads plan on the rows just written (key order, see above).
    await tx.query('ANALYZE metric_rollups, metric_rollup_histograms, metric_facts');
    await tx.query('UPDATE metric_rollup_state SET tiers_stale = false, pairs_stale = false');
    const [{ days }] = (await tx.query(`SELECT count(DISTINCT period)::int AS days FROM metric_rollups WHERE grain = 'day'`)) as { days: number }[];
    await tx.query(`UPDATE metric_rollup_state SET time_zone = $1, calendar = $2, closed_through = $3, rebuilt_at = now()`, [
      this.timeZone,
      this.calendar,
      yesterday,
    ]);
    this.logger.log(`metric rollups rebuilt: ${days} days`);
    return days;
  }

  private async catchUp(tx: EntityManager, closedThrough: string, yesterday: string, today: string): Promise<void> {
    const marked = (await tx.query(
      `WITH taken AS (DELETE FROM metric_dirty WHERE at < ($2::date::timestamp AT TIME ZONE $1) RETURNING at)
       SELECT DISTINCT (at AT TIME ZONE $1)::date::text AS day FROM taken`,
      [this.timeZone, today],
    )) as { day: string }[];
    const days = marked.map((row) => row.day).filter((day) => day <= closedThrough);
    for (let day = addDays(closedThrough, 1); day <= yesterday; day = addDays(day, 1)) days.push(day);
    for (const [first, last] of runs(days)) {
      for (let from = first; from <= last; from = addDays(from, CHUNK_DAYS)) {
        const to = addDays(from, CHUNK_DAYS - 1) < last ? addDays(from, CHUNK_DAYS - 1) : last;
        await tx.query(`DELETE FROM metric_rollups WHERE grain = 'day' AND period BETWEEN $1 AND $2`, [from, to]);
        await tx.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'day' AND period BETWEEN $1 AND $2`, [from, to]);
        await tx.query(`DELETE FROM metric_facts WHERE day BETWEEN $1 AND $2`, [from, to]);
        await this.computeDays(tx, from, to);
      }
    }
    for (const grain of SUMMED_GRAINS) {
      await this.computeSummed(tx, grain, [...new Set(days.map((day) => (grain === 'month' ? monthStart(day) : weekStart(day))))], yesterday);
    }
    await tx.query(`UPDATE metric_rollup_state SET closed_through = $1`, [yesterday]);
  }

  /** Today, provisionally: what has happened so far, with deadlines still ahead counted as pending. */
  private async computeToday(tx: EntityManager, today: string): Promise<void> {
    // Marks taken first: a change committed while this runs leaves a new mark for the next refresh.
    await tx.query(
      `DELETE FROM metric_dirty WHERE at >= ($2::date::timestamp AT TIME ZONE $1) AND at < (($2::date + 1)::timestamp AT TIME ZONE $1)`,
      [this.timeZone, today],
    );
    await tx.query(`DELETE FROM metric_rollups WHERE grain = 'day' AND period >= $1`, [today]);
    await tx.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'day' AND period >= $1`, [today]);
    await tx.query(`DELETE FROM metric_facts WHERE day >= $1`, [today]);
    await this.computeDays(tx, today, today);
    await tx.query(`UPDATE metric_rollup_state SET live_day = $1, live_computed_at = now()`, [today]);
  }

  /** Stores the daily rollups of [from, to] (office-local dates), every dimension. */
  private async computeDays(tx: EntityManager, from: string, to: string): Promise<void> {
    const params = new SqlParams();
    const tz = `${params.add(this.timeZone)}::text`;
    const lo = `(${params.add(from)}::date::timestamp AT TIME ZONE ${tz})`;
    const hi = `((${params.add(to)}::date + 1)::timestamp AT TIME ZONE ${tz})`;
    const counters = COUNTER_COLUMNS.join(', ');
    await tx.query(
      `WITH ${factsCtes({ lo, hi, now: 'now()', tz })},
            ${aggregateCtes(ROLLUP_DIMENSIONS)},
            stored AS (
              INSERT INTO metric_rollups (dimension, grain, period, key, ${counters})
              SELECT dim, 'day', day, key, ${counters} FROM agg_counters ORDER BY dim, day, key RETURNING 1),
            kept AS (INSERT INTO metric_facts (${FACT_COLUMNS}) SELECT ${FACT_COLUMNS} FROM facts ORDER BY day, officer RETURNING 1)
       INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
       SELECT dim, 'day', day, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
         FROM agg_bins GROUP BY dim, day, key, measure ORDER BY dim, day, key, measure`,
      params.values,
    );
  }

  /** Recomputes weekly or monthly rollups (periods given by their first day) from the daily ones of closed days. */
  private async computeSummed(tx: EntityManager, grain: SummedGrain, periods: string[], closedThrough: string): Promise<void> {
    if (!periods.length) return;
    const period = periodOf(grain, 'period');
    const days = periods.flatMap((first) => [first, addDays(first, grain === 'week' ? 6 : 30)]).sort();
    // The daily rows of those periods: a range of days read through the key, then narrowed.
    const inPeriods = (alias: string) =>
      `${alias}.grain = 'day' AND ${alias}.period BETWEEN $3::date AND least($4::date, $2::date) AND ${periodOf(grain, `${alias}.period`)} = ANY($1::date[])`;
    const sums = COUNTER_COLUMNS.map((column) => `sum(${column})::int`).join(', ');
    await tx.query(`DELETE FROM metric_rollups WHERE grain = $2 AND period = ANY($1::date[])`, [periods, grain]);
    await tx.query(`DELETE FROM metric_rollup_histograms WHERE grain = $2 AND period = ANY($1::date[])`, [periods, grain]);
    const params = [periods, closedThrough, days[0], days.at(-1)];
    await tx.query(
      `INSERT INTO metric_rollups (dimension, grain, period, key, ${COUNTER_COLUMNS.join(', ')})
       SELECT dimension, '${grain}', ${period}, key, ${sums}
         FROM metric_rollups r WHERE ${inPeriods('r')}
        GROUP BY dimension, ${period}, key ORDER BY 1, 3, 4`,
      params,
    );
    await tx.query(
      `INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
       SELECT dimension, '${grain}', p, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
         FROM (SELECT h.dimension, ${periodOf(grain, 'h.period')} AS p, h.key, h.measure, u.bin, sum(u.n)::int AS n
                 FROM metric_rollup_histograms h, unnest(h.bins, h.counts) u(bin, n)
                WHERE ${inPeriods('h')}
                GROUP BY 1, 2, 3, 4, 5) merged
        GROUP BY dimension, p, key, measure ORDER BY 1, 3, 4, 5`,
      params,
    );
    await this.computePairs(tx, { grain, periods }, closedThrough);
  }

  /**
   * Pair rows of the given weeks or months (or of every closed period when null), from the stored
   * facts of their closed days. Replaces the pair rows of those periods.
   */
  private async computePairs(tx: EntityManager, only: { grain: SummedGrain; periods: string[] } | null, closedThrough: string): Promise<void> {
    const counters = COUNTER_COLUMNS.join(', ');
    for (const grain of only ? [only.grain] : SUMMED_GRAINS) {
      const period = periodOf(grain, 'day');
      const params = new SqlParams();
      const where = [`day <= ${params.add(closedThrough)}::date`];
      if (only) {
        const days = only.periods.flatMap((first) => [first, addDays(first, grain === 'week' ? 6 : 30)]).sort();
        where.push(`day BETWEEN ${params.add(days[0])}::date AND ${params.add(days.at(-1))}::date AND ${period} = ANY(${params.add(only.periods)}::date[])`);
        await tx.query(`DELETE FROM metric_rollups WHERE dimension = ANY($1::text[]) AND grain = $2 AND period = ANY($3::date[])`, [PAIR_DIMENSIONS, grain, only.periods]);
        await tx.query(`DELETE FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = $2 AND period = ANY($3::date[])`, [PAIR_DIMENSIONS, grain, only.periods]);
      } else {
        await tx.query(`DELETE FROM metric_rollups WHERE dimension = ANY($1::text[]) AND grain = $2`, [PAIR_DIMENSIONS, grain]);
        await tx.query(`DELETE FROM metric_rollup_histograms WHERE dimension = ANY($1::text[]) AND grain = $2`, [PAIR_DIMENSIONS, grain]);
      }
      await tx.query(
        `WITH facts AS (SELECT ticket_id, kind, at, ${period} AS day, officer, outlet_id, channel, request_type, tags, secs, bsecs, flag, delta
                          FROM metric_facts WHERE ${where.join(' AND ')}),
              ${aggregateCtes(PAIR_DIMENSIONS)},
              stored AS (
                INSERT INTO metric_rollups (dimension, grain, period, key, ${counters})
                SELECT dim, '${grain}', day, key, ${counters} FROM agg_counters ORDER BY dim, day, key RETURNING 1)
         INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
         SELECT dim, '${grain}', day, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
           FROM agg_bins GROUP BY dim, day, key, measure ORDER BY dim, day, key, measure`,
        params.values,
      );
    }
    if (!only) await tx.query('UPDATE metric_rollup_state SET pairs_stale = false');
  }

  /** Tier rows of every stored period, from the outlet rows and the outlets' tiers now (after an outlet changed tier). */
  private async recomputeTiers(tx: EntityManager): Promise<void> {
    await tx.query('UPDATE metric_rollup_state SET tiers_stale = false');
    // Each tier dimension from its outlet dimension: the key with the outlet part replaced by its tier.
    const derived = [
      { target: 'tier', source: 'outlet', outlet: (key: string) => key, key: (tier: string) => tier },
      { target: 'officer_tier', source: 'officer_outlet', outlet: (key: string) => pairPart(key, 2), key: (tier: string, key: string) => `${pairPart(key, 1)} || chr(31) || ${tier}` },
      { target: 'tier_topic', source: 'outlet_topic', outlet: (key: string) => pairPart(key, 1), key: (tier: string, key: string) => `${tier} || chr(31) || ${pairPart(key, 2)}` },
    ];
    for (const { target, source, outlet, key } of derived) {
      await tx.query(`DELETE FROM metric_rollups WHERE dimension = $1`, [target]);
      await tx.query(`DELETE FROM metric_rollup_histograms WHERE dimension = $1`, [target]);
      await tx.query(
        `INSERT INTO metric_rollups (dimension, grain, period, key, ${COUNTER_COLUMNS.join(', ')})
         SELECT $1::text, r.grain, r.period, ${key(`coalesce(o.tier, '')`, 'r.key')}, ${COUNTER_COLUMNS.map((column) => `sum(r.${column})::int`).join(', ')}
           FROM metric_rollups r LEFT JOIN outlets o ON o.id::text = ${outlet('r.key')}
          WHERE r.dimension = $2 GROUP BY 2, 3, 4 ORDER BY 2, 3, 4`,
        [target, source],
      );
      await tx.query(
        `INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
         SELECT $1::text, grain, period, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
           FROM (SELECT h.grain, h.period, ${key(`coalesce(o.tier, '')`, 'h.key')} AS key, h.measure, u.bin, sum(u.n)::int AS n
                   FROM metric_rollup_histograms h LEFT JOIN outlets o ON o.id::text = ${outlet('h.key')}, unnest(h.bins, h.counts) u(bin, n)
                  WHERE h.dimension = $2 GROUP BY 1, 2, 3, 4, 5) merged
          GROUP BY grain, period, key, measure ORDER BY 1, 2, 3, 4`,
        [target, source],
      );
    }
  }

  /** The office calendar for 2000-2099: opening and closing instants per local day, and open seconds before it. */
  private async writeCalendar(tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM metric_office_calendar');
    if (!this.openingHours.length) return;
    await tx.query(
      `INSERT INTO metric_office_calendar (day, opens_at, closes_at, seconds_before)
       SELECT day, opens_at, closes_at,
              coalesce(sum(extract(epoch FROM closes_at - opens_at)) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::bigint
         FROM (SELECT d::date AS day,
                      CASE WHEN h.opens IS NULL OR d::date = ANY($2::date[]) THEN d::date::timestamp AT TIME ZONE $1
                           ELSE (d::date + h.opens) AT TIME ZONE $1 END AS opens_at,
                      CASE WHEN h.opens IS NULL OR d::date = ANY($2::date[]) THEN d::date::timestamp AT TIME ZONE $1
                           ELSE (d::date + h.closes) AT TIME ZONE $1 END AS closes_at
                 FROM generate_series('2000-01-01'::date, '2099-12-31'::date, interval '1 day') d
                 LEFT JOIN unnest($3::int[], $4::time[], $5::time[]) h(weekday, opens, closes) ON h.weekday = extract(isodow FROM d)::int) days`,
      [
        this.timeZone,
        this.holidays,
        this.openingHours.map((day) => day.weekday),
        this.openingHours.map((day) => formatClock(day.opens)),
        this.openingHours.map((day) => (day.closes === 24 * 60 ? '24:00' : formatClock(day.closes))),
      ],
    );
  }
}
