import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { calendarFingerprint, formatClock, parseHolidays, parseOfficeHours } from '../metrics/office-hours.js';
import { TicketRecordsService } from '../tickets/ticket-records.service.js';
import { TargetsRepository } from './targets.repository.js';


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
    private readonly tickets: TicketRecordsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.sync();
  }

  /** The calendar as configured; a no-op when it is already stored. */
  async sync(): Promise<void> {
    const hours = parseOfficeHours(this.config.OFFICE_HOURS).days;
    const holidays = parseHolidays(this.config.OFFICE_HOLIDAYS).dates;
    const fingerprint = `${this.config.OFFICE_TIMEZONE}; ${calendarFingerprint(hours, holidays)}`;
    const stored = await this.repository.calendarFingerprint(this.dataSource);
    if (stored === fingerprint) return;
    await this.dataSource.transaction(async (tx) => {
      await this.repository.lockCalendar(tx);
      if ((await this.repository.calendarFingerprint(tx)) === fingerprint) return;
      // Same construction as the metrics' business-hours calendar.
      await this.repository.writeCalendar(
        tx,
        {
          timeZone: this.config.OFFICE_TIMEZONE,
          holidays,
          weekdays: hours.map((day) => day.weekday),
          opens: hours.map((day) => formatClock(day.opens)),
          closes: hours.map((day) => (day.closes === 24 * 60 ? '24:00' : formatClock(day.closes))),
        },
        fingerprint,
      );
      const moved = await this.tickets.recomputeWaitingTargets(tx, true);
      if (stored !== null) this.logger.log(`office calendar changed; due times of ${moved} waiting tickets recomputed`);
    });
  }
}
