import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { longTransaction } from '../database/database-deadlines.js';
import { addDays, monthStart, quarterStart, runs, weekStart } from './local-dates.js';
import { MetricRollupsRepository, SUMMED_GRAINS, type RollupState } from './metric-rollups.repository.js';
import { calendarFingerprint, parseHolidays, parseOfficeHours, type OpeningHours } from './office-hours.js';

// Days recomputed per statement: bounds the memory of one aggregation.
const CHUNK_DAYS = 31;

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
    private readonly repository: MetricRollupsRepository,
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
    const state = await this.repository.readState(this.dataSource, this.timeZone);
    if (!this.closingNeeded(state) && !this.todayNeeded(state, maxAge)) return { today: state.today, closedThrough: state.yesterday };
    return longTransaction(this.dataSource, this.config.DB_LONG_STATEMENT_TIMEOUT_MS, async (tx) => {
      await this.repository.lock(tx);
      const locked = await this.repository.readState(tx, this.timeZone);
      await this.repository.tune(tx);
      let rebuilt = false;
      if (locked.time_zone !== this.timeZone || locked.calendar !== this.calendar || !locked.closed_through) {
        await this.rebuildAll(tx, locked.yesterday);
        rebuilt = true;
      } else if (this.closingNeeded(locked)) {
        if (locked.pairs_stale) await this.repository.computePairs(tx, locked.closed_through);
        if (locked.day_pairs_stale) await this.repository.computeDayPairs(tx);
        await this.catchUp(tx, locked.closed_through, locked.yesterday, locked.today, locked);
        if (locked.tiers_stale) await this.repository.recomputeTiers(tx);
        // After catching up, so every closed day's facts are stored; with the members now.
        if (locked.teams_stale) await this.computeAll('team', () => this.repository.recomputeTeams(tx, locked.yesterday));
        // After catching up (and the pairs), so they are computed from the current monthly rows.
        if (locked.prefixes_stale || locked.pairs_stale) await this.computeAll('prefix', () => this.repository.computePrefixes(tx, null, locked.yesterday));
        if (locked.month_to_date_stale) await this.computeAll('month-to-date', () => this.repository.computeMonthToDate(tx, null, locked.yesterday));
        if (locked.rest_of_month_stale) await this.computeAll('rest-of-month', () => this.repository.computeRestOfMonth(tx, null, locked.yesterday));
        // From the current month rows, tier rows included (recomputeTiers derives the tier quarters itself when it runs).
        if (locked.quarters_stale) await this.computeAll('quarter', () => this.repository.computeQuarters(tx, null));
      }
      if (rebuilt || this.todayNeeded(locked, maxAge)) await this.computeToday(tx, locked.today);
      return { today: locked.today, closedThrough: locked.yesterday };
    });
  }

  /** Drops every rollup and computes them again from the tickets and the event log. */
  async rebuild(progress: (message: string) => void = () => undefined): Promise<{ days: number; seconds: number }> {
    const started = performance.now();
    const days = await longTransaction(this.dataSource, this.config.DB_LONG_STATEMENT_TIMEOUT_MS, async (tx) => {
      await this.repository.lock(tx);
      await this.repository.tune(tx);
      const state = await this.repository.readState(tx, this.timeZone);
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
      state.teams_stale ||
      state.pairs_stale ||
      state.day_pairs_stale ||
      state.prefixes_stale ||
      state.month_to_date_stale ||
      state.rest_of_month_stale ||
      state.quarters_stale ||
      state.time_zone !== this.timeZone ||
      state.calendar !== this.calendar ||
      state.closed_through !== state.yesterday
    );
  }

  private todayNeeded(state: RollupState, maxAge: number): boolean {
    if (state.live_day !== state.today) return true;
    return (state.dirty_today || state.deadline_passed) && (state.live_age ?? Infinity) >= maxAge;
  }

  /** Every closed day from the tickets and the event log (see MetricRollupsRepository.rebuildAll). */
  private async rebuildAll(tx: EntityManager, yesterday: string, progress: (message: string) => void = () => undefined): Promise<number> {
    const office = { timeZone: this.timeZone, openingHours: this.openingHours, holidays: this.holidays, fingerprint: this.calendar };
    const days = await this.repository.rebuildAll(tx, office, yesterday, progress);
    this.logger.log(`metric rollups rebuilt: ${days} days`);
    return days;
  }

  private async catchUp(
    tx: EntityManager,
    closedThrough: string,
    yesterday: string,
    today: string,
    stale: Pick<RollupState, 'month_to_date_stale' | 'rest_of_month_stale' | 'quarters_stale'>,
  ): Promise<void> {
    const days = (await this.repository.takeClosedMarks(tx, this.timeZone, today)).filter((day) => day <= closedThrough);
    for (let day = addDays(closedThrough, 1); day <= yesterday; day = addDays(day, 1)) days.push(day);
    for (const [first, last] of runs(days)) {
      for (let from = first; from <= last; from = addDays(from, CHUNK_DAYS)) {
        const to = addDays(from, CHUNK_DAYS - 1) < last ? addDays(from, CHUNK_DAYS - 1) : last;
        await this.repository.deleteDays(tx, from, to);
        await this.repository.computeDays(tx, this.timeZone, from, to);
      }
    }
    // Not on a first fill (computeAll follows it): each changed day on to the end of its month.
    if (!stale.month_to_date_stale) await this.repository.computeMonthToDate(tx, days, yesterday);
    // Each changed day back to the first of its month, in months that have ended (a month that just ended: all of it).
    if (!stale.rest_of_month_stale) await this.repository.computeRestOfMonth(tx, days, yesterday);
    for (const grain of SUMMED_GRAINS) {
      await this.repository.computeSummed(tx, grain, [...new Set(days.map((day) => (grain === 'month' ? monthStart(day) : weekStart(day))))], yesterday);
    }
    // Not on a first fill (computed after): the quarters of the months just recomputed.
    if (!stale.quarters_stale) await this.repository.computeQuarters(tx, [...new Set(days.map(quarterStart))]);
    await this.repository.setClosedThrough(tx, yesterday);
  }

  /** Every histogram of one kind computed from the stored rows (a database migrated to them): timed in the log. */
  private async computeAll(what: string, compute: () => Promise<void>): Promise<void> {
    const started = performance.now();
    await compute();
    this.logger.log(`metric ${what} histograms computed in ${Math.round(performance.now() - started)} ms`);
  }

  /** Today, provisionally: what has happened so far, with deadlines still ahead counted as pending. */
  private async computeToday(tx: EntityManager, today: string): Promise<void> {
    // Marks taken first: a change committed while this runs leaves a new mark for the next refresh.
    await this.repository.takeTodayMarks(tx, this.timeZone, today);
    await this.repository.deleteDays(tx, today, null);
    await this.repository.computeDays(tx, this.timeZone, today, today);
    await this.repository.setLiveDay(tx, today);
  }
}
