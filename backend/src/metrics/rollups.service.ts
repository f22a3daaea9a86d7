import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { addDays, monthStart, runs } from './local-dates.js';
import { aggregateCtes, COUNTER_COLUMNS, factsCtes, ROLLUP_DIMENSIONS, SqlParams } from './metric-facts.sql.js';
import { calendarFingerprint, formatClock, parseHolidays, parseOfficeHours, type OpeningHours } from './office-hours.js';

const ROLLUP_LOCK = 7_242_106;
// Days recomputed per statement: bounds the memory of one aggregation.
const CHUNK_DAYS = 31;

interface RollupState {
  time_zone: string | null;
  calendar: string | null;
  closed_through: string | null;
  yesterday: string;
  today: string;
  dirty: boolean;
}

/**
 * Stored daily and monthly rollups for closed days (every day before today in the office's time
 * zone). Ticket changes mark days stale (a trigger on tickets); `refresh` recomputes them and
 * closes the days that have ended, under an advisory lock, so replicas never do the work twice.
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
   * Brings the rollups up to date: every closed day stored, every marked day recomputed. Returns
   * today's date (the day computed live) and the last closed day.
   */
  async refresh(): Promise<{ today: string; closedThrough: string }> {
    const state = await this.readState(this.dataSource.manager);
    if (this.isCurrent(state)) return { today: state.today, closedThrough: state.yesterday };
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
      const locked = await this.readState(tx);
      if (this.isCurrent(locked)) return { today: locked.today, closedThrough: locked.yesterday };
      await this.tune(tx);
      if (locked.time_zone !== this.timeZone || locked.calendar !== this.calendar || !locked.closed_through) {
        await this.rebuildAll(tx, locked.yesterday);
      } else {
        await this.catchUp(tx, locked.closed_through, locked.yesterday);
      }
      return { today: locked.today, closedThrough: locked.yesterday };
    });
  }

  /** Drops every rollup and computes them again from the tickets and the event log. */
  async rebuild(progress: (message: string) => void = () => undefined): Promise<{ days: number; seconds: number }> {
    const started = performance.now();
    const days = await this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK]);
      await this.tune(tx);
      const state = await this.readState(tx);
      return this.rebuildAll(tx, state.yesterday, progress);
    });
    return { days, seconds: (performance.now() - started) / 1000 };
  }

  private isCurrent(state: RollupState): boolean {
    return (
      !state.dirty &&
      state.time_zone === this.timeZone &&
      state.calendar === this.calendar &&
      state.closed_through === state.yesterday
    );
  }

  private async readState(manager: EntityManager): Promise<RollupState> {
    const [state] = (await manager.query(
      `SELECT s.time_zone, s.calendar, s.closed_through::text AS closed_through,
              ((now() AT TIME ZONE $1)::date - 1)::text AS yesterday, (now() AT TIME ZONE $1)::date::text AS today,
              EXISTS (SELECT 1 FROM metric_dirty) AS dirty
         FROM metric_rollup_state s`,
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
    await tx.query('TRUNCATE metric_rollups, metric_rollup_histograms');
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
    const counters = COUNTER_COLUMNS.join(', ');
    for (const grain of ['day', 'month'] as const) {
      const period = grain === 'day' ? 'day' : `date_trunc('month', day::timestamp)::date`;
      await tx.query(
        `WITH facts AS (SELECT ticket_id, kind, at, ${period} AS day, officer, outlet_id, channel, request_type, tags, secs, bsecs, flag, delta FROM rebuild_facts),
              ${aggregateCtes(ROLLUP_DIMENSIONS)},
              stored AS (
                INSERT INTO metric_rollups (dimension, grain, period, key, ${counters})
                SELECT dim, '${grain}', day, key, ${counters} FROM agg_counters RETURNING 1)
         INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
         SELECT dim, '${grain}', day, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
           FROM agg_bins GROUP BY dim, day, key, measure`,
      );
      progress(`${grain} rollups stored`);
    }
    const [{ days }] = (await tx.query(`SELECT count(DISTINCT period)::int AS days FROM metric_rollups WHERE grain = 'day'`)) as { days: number }[];
    await tx.query(`UPDATE metric_rollup_state SET time_zone = $1, calendar = $2, closed_through = $3, rebuilt_at = now()`, [
      this.timeZone,
      this.calendar,
      yesterday,
    ]);
    this.logger.log(`metric rollups rebuilt: ${days} days`);
    return days;
  }

  private async catchUp(tx: EntityManager, closedThrough: string, yesterday: string): Promise<void> {
    const marked = (await tx.query(
      `WITH taken AS (DELETE FROM metric_dirty RETURNING at)
       SELECT DISTINCT (at AT TIME ZONE $1)::date::text AS day FROM taken`,
      [this.timeZone],
    )) as { day: string }[];
    const days = marked.map((row) => row.day).filter((day) => day <= closedThrough);
    for (let day = addDays(closedThrough, 1); day <= yesterday; day = addDays(day, 1)) days.push(day);
    for (const [first, last] of runs(days)) {
      for (let from = first; from <= last; from = addDays(from, CHUNK_DAYS)) {
        const to = addDays(from, CHUNK_DAYS - 1) < last ? addDays(from, CHUNK_DAYS - 1) : last;
        await tx.query(`DELETE FROM metric_rollups WHERE grain = 'day' AND period BETWEEN $1 AND $2`, [from, to]);
        await tx.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'day' AND period BETWEEN $1 AND $2`, [from, to]);
        await this.computeDays(tx, from, to);
      }
    }
    await this.computeMonths(tx, [...new Set(days.map(monthStart))]);
    await tx.query(`UPDATE metric_rollup_state SET closed_through = $1`, [yesterday]);
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
              SELECT dim, 'day', day, key, ${counters} FROM agg_counters RETURNING 1)
       INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
       SELECT dim, 'day', day, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
         FROM agg_bins GROUP BY dim, day, key, measure`,
      params.values,
    );
  }

  /** Recomputes monthly rollups (first days of months) from the daily ones. */
  private async computeMonths(tx: EntityManager, months: string[]): Promise<void> {
    if (!months.length) return;
    const month = `date_trunc('month', period::timestamp)::date`;
    const sums = COUNTER_COLUMNS.map((column) => `sum(${column})::int`).join(', ');
    await tx.query(`DELETE FROM metric_rollups WHERE grain = 'month' AND period = ANY($1::date[])`, [months]);
    await tx.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'month' AND period = ANY($1::date[])`, [months]);
    await tx.query(
      `INSERT INTO metric_rollups (dimension, grain, period, key, ${COUNTER_COLUMNS.join(', ')})
       SELECT dimension, 'month', ${month}, key, ${sums}
         FROM metric_rollups
        WHERE grain = 'day' AND ${month} = ANY($1::date[])
        GROUP BY dimension, ${month}, key`,
      [months],
    );
    await tx.query(
      `INSERT INTO metric_rollup_histograms (dimension, grain, period, key, measure, bins, counts)
       SELECT dimension, 'month', m, key, measure, array_agg(bin ORDER BY bin), array_agg(n ORDER BY bin)
         FROM (SELECT h.dimension, ${month.replace('period', 'h.period')} AS m, h.key, h.measure, u.bin, sum(u.n)::int AS n
                 FROM metric_rollup_histograms h, unnest(h.bins, h.counts) u(bin, n)
                WHERE h.grain = 'day' AND ${month.replace('period', 'h.period')} = ANY($1::date[])
                GROUP BY 1, 2, 3, 4, 5) merged
        GROUP BY dimension, m, key, measure`,
      [months],
    );
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
