import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { calendarFingerprint, formatClock, parseHolidays, parseOfficeHours } from '../metrics/office-hours.js';
import { TargetsRepository } from './targets.repository.js';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';


/**
 * Keeps `office_calendar` (what `office_due_at` counts target minutes in) equal to OFFICE_HOURS,
 * OFFICE_HOLIDAYS and OFFICE_TIMEZONE: rewritten at start when they changed, and then the due times
 * of tickets still waiting for an answer are recomputed. Without OFFICE_HOURS it is empty and
 * targets run on the wall clock.
 */
@Injectable()
export class OfficeCalendarService implements OnModuleInit {
  private readonly logger = new Logger('OfficeCalendar');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly repository: TargetsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.sync();
  }

  /** The calendar as configured; a no-op when it is already stored. */
  async sync(): Promise<void> {
    const hours = parseOfficeHours(this.config.OFFICE_HOURS).days;
    const holidays = parseHolidays(this.config.OFFICE_HOLIDAYS).dates;
    const fingerprint = `${this.config.OFFICE_TIMEZONE}; ${calendarFingerprint(hours, holidays)}`;
    const [stored] = (await this.dataSource.query(`SELECT fingerprint FROM office_calendar_state`)) as { fingerprint: string }[];
    if (stored?.fingerprint === fingerprint) return;
    await this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.officeCalendar]);
      const [locked] = (await tx.query(`SELECT fingerprint FROM office_calendar_state`)) as { fingerprint: string }[];
      if (locked?.fingerprint === fingerprint) return;
      await tx.query('DELETE FROM office_calendar');
      if (hours.length) {
        // Same construction as the metrics' business-hours calendar: instants per local day, DST included.
        await tx.query(
          `INSERT INTO office_calendar (day, opens_at, closes_at, seconds_before, seconds_through)
           SELECT day, opens_at, closes_at, through - open, through
             FROM (SELECT day, opens_at, closes_at, extract(epoch FROM closes_at - opens_at)::bigint AS open,
                          sum(extract(epoch FROM closes_at - opens_at)::bigint) OVER (ORDER BY day)::bigint AS through
                     FROM (SELECT d::date AS day,
                                  CASE WHEN h.opens IS NULL OR d::date = ANY($2::date[]) THEN d::date::timestamp AT TIME ZONE $1
                                       ELSE (d::date + h.opens) AT TIME ZONE $1 END AS opens_at,
                                  CASE WHEN h.opens IS NULL OR d::date = ANY($2::date[]) THEN d::date::timestamp AT TIME ZONE $1
                                       ELSE (d::date + h.closes) AT TIME ZONE $1 END AS closes_at
                             FROM generate_series('2000-01-01'::date, '2099-12-31'::date, interval '1 day') d
                             LEFT JOIN unnest($3::int[], $4::time[], $5::time[]) h(weekday, opens, closes)
                               ON h.weekday = extract(isodow FROM d)::int) days) totals`,
          [
            this.config.OFFICE_TIMEZONE,
            holidays,
            hours.map((day) => day.weekday),
            hours.map((day) => formatClock(day.opens)),
            hours.map((day) => (day.closes === 24 * 60 ? '24:00' : formatClock(day.closes))),
          ],
        );
      }
      await tx.query(
        `INSERT INTO office_calendar_state (id, fingerprint) VALUES (true, $1) ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint`,
        [fingerprint],
      );
      const moved = await this.repository.recomputeWaiting(tx, true);
      if (stored) this.logger.log(`office calendar changed; due times of ${moved} waiting tickets recomputed`);
    });
  }
}
