import { Injectable } from '@nestjs/common';
import type { OutletTier, RequestType } from '@newsdesk/shared';
import type { EntityManager } from 'typeorm';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';
import { sqlExec, sqlRow, sqlRows, type Queryable } from '../database/sql.js';
import { OFFICE_DAYS_SQL } from '../metrics/metric-facts.sql.js';

export interface ResponseTargetRow {
  id: string;
  tier: OutletTier | null;
  request_type: RequestType | null;
  minutes: number;
  updated_at: Date;
}

/** The office calendar as configured: time zone, holidays, and per open weekday its opening and closing clock times. */
export interface OfficeCalendarInput {
  timeZone: string;
  holidays: string[];
  weekdays: number[];
  opens: string[];
  closes: string[];
}

/**
 * SQL of response targets and the target columns of tickets (kept by the trigger of migration 1766530000000).
 * Every method takes its database handle from the caller, so a read inside a transaction never silently
 * runs outside it.
 */
@Injectable()
export class TargetsRepository {
  list(db: Queryable): Promise<ResponseTargetRow[]> {
    return sqlRows<ResponseTargetRow>(
      db,
      `SELECT id, tier, request_type, minutes, updated_at FROM response_targets
        ORDER BY tier NULLS FIRST, request_type NULLS FIRST`,
    );
  }

  /** Target changes one at a time, so each recomputation sees every committed target. */
  async lockTargets(tx: EntityManager): Promise<void> {
    await sqlExec(tx, 'SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.responseTargets]);
  }

  find(tx: EntityManager, id: string, lock = false): Promise<ResponseTargetRow | null> {
    return sqlRow<ResponseTargetRow>(tx, `SELECT id, tier, request_type, minutes, updated_at FROM response_targets WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
  }

  /** Null when a target for that scope exists already. */
  insert(tx: EntityManager, tier: OutletTier | null, requestType: RequestType | null, minutes: number): Promise<ResponseTargetRow | null> {
    return sqlRow<ResponseTargetRow>(
      tx,
      `INSERT INTO response_targets (tier, request_type, minutes) VALUES ($1, $2, $3)
       ON CONFLICT ((coalesce(tier, '')), (coalesce(request_type, ''))) DO NOTHING
       RETURNING id, tier, request_type, minutes, updated_at`,
      [tier, requestType, minutes],
    );
  }

  async setMinutes(tx: EntityManager, id: string, minutes: number): Promise<void> {
    await sqlExec(tx, `UPDATE response_targets SET minutes = $2, updated_at = now() WHERE id = $1`, [id, minutes]);
  }

  async remove(tx: EntityManager, id: string): Promise<void> {
    await sqlExec(tx, `DELETE FROM response_targets WHERE id = $1`, [id]);
  }

  /** The stored office calendar's fingerprint (time zone, hours, holidays), null before the first sync. */
  async calendarFingerprint(db: Queryable): Promise<string | null> {
    return (await sqlRow<{ fingerprint: string }>(db, `SELECT fingerprint FROM office_calendar_state`))?.fingerprint ?? null;
  }

  /** One replica rewrites the office calendar at a time. */
  async lockCalendar(tx: EntityManager): Promise<void> {
    await sqlExec(tx, 'SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.officeCalendar]);
  }

  /**
   * Rewrites office_calendar for 2000-2099: opening and closing instants per local day (DST
   * included) and the open seconds before and through it; empty without opening hours.
   */
  async writeCalendar(tx: EntityManager, calendar: OfficeCalendarInput, fingerprint: string): Promise<void> {
    await sqlExec(tx, 'DELETE FROM office_calendar');
    if (calendar.weekdays.length) {
      await sqlExec(
        tx,
        `INSERT INTO office_calendar (day, opens_at, closes_at, seconds_before, seconds_through)
         SELECT day, opens_at, closes_at, through - open, through
           FROM (SELECT day, opens_at, closes_at, extract(epoch FROM closes_at - opens_at)::bigint AS open,
                        sum(extract(epoch FROM closes_at - opens_at)::bigint) OVER (ORDER BY day)::bigint AS through
                   FROM (${OFFICE_DAYS_SQL}) days) totals`,
        [calendar.timeZone, calendar.holidays, calendar.weekdays, calendar.opens, calendar.closes],
      );
    }
    await sqlExec(tx, `INSERT INTO office_calendar_state (id, fingerprint) VALUES (true, $1) ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint`, [
      fingerprint,
    ]);
  }
}
