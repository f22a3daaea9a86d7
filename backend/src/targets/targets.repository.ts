import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OutletTier, RequestType, TargetGroup } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
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

export interface TargetCountsRow {
  total: boolean;
  key: string | null;
  label: string | null;
  hits: number;
  breaches: number;
  pending: number;
}

export interface TargetBreachRow {
  ticket_id: string;
  reference: string;
  subject: string;
  officer_id: string | null;
  officer_name: string | null;
  outlet_id: string | null;
  outlet_name: string | null;
  outlet_tier: OutletTier | null;
  request_type: RequestType;
  target_minutes: number;
  target_due_at: Date;
  first_response_at: Date | null;
  late_seconds: number;
}

/** The office calendar as configured: time zone, holidays, and per open weekday its opening and closing clock times. */
export interface OfficeCalendarInput {
  timeZone: string;
  holidays: string[];
  weekdays: number[];
  opens: string[];
  closes: string[];
}

/** The window and filters of an outcomes read; dates are office-local, `to` inclusive. */
export interface TargetWindow {
  from: string;
  to: string;
  timeZone: string;
  now: Date;
  officer?: string;
  tier?: string;
  topic?: string;
}

// The officer a hit or breach belongs to: who held the ticket when the first reply went out, else who holds it now.
const OFFICER = `CASE WHEN t.first_response_at IS NOT NULL THEN t.target_officer_id ELSE t.assignee_id END`;
const HIT = `t.first_response_at <= t.target_due_at`;
const BREACH = (now: string) => `(t.first_response_at > t.target_due_at OR (t.first_response_at IS NULL AND t.target_due_at <= ${now}))`;
const PENDING = (now: string) => `(t.first_response_at IS NULL AND t.target_due_at > ${now})`;

/** SQL of response targets and the target columns of tickets (kept by the trigger of migration 1766530000000). */
@Injectable()
export class TargetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(db: Queryable = this.dataSource): Promise<ResponseTargetRow[]> {
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
  async calendarFingerprint(db: Queryable = this.dataSource): Promise<string | null> {
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

  /**
   * Hits, breaches and pending of tickets due in the window: the total and one row per group, in one
   * pass over the due-time index (officer and tier: grouping sets; topic: a ticket counts once per tag).
   */
  counts(window: TargetWindow, groupBy: TargetGroup): Promise<TargetCountsRow[]> {
    const params: unknown[] = [];
    const source = this.windowRows(window, params, groupBy === 'tier');
    const now = `$${params.push(window.now)}::timestamptz`;
    const counts = (hit: string, breach: string, pending: string) =>
      `count(*) FILTER (WHERE ${hit})::int AS hits, count(*) FILTER (WHERE ${breach})::int AS breaches, count(*) FILTER (WHERE ${pending})::int AS pending`;
    const plain = counts(HIT, BREACH(now), PENDING(now));
    if (groupBy === 'topic') {
      // Per ticket first (hit/breach/pending as 0/1), then per tag, so the total counts each ticket once.
      return sqlRows<TargetCountsRow>(
        this.dataSource,
        `WITH s AS (SELECT t.tags, (${HIT})::int AS hit, (${BREACH(now)})::int AS breach, (${PENDING(now)})::int AS pending FROM ${source}),
              g AS (SELECT CASE WHEN s.tags = '{}' THEN NULL ELSE topic END AS key, sum(hit)::int AS hits, sum(breach)::int AS breaches, sum(pending)::int AS pending
                      FROM s CROSS JOIN LATERAL unnest(CASE WHEN s.tags = '{}' THEN ARRAY[NULL]::text[] ELSE s.tags END) topic
                     GROUP BY 1)
         SELECT true AS total, NULL AS key, NULL AS label, coalesce(sum(hit), 0)::int AS hits, coalesce(sum(breach), 0)::int AS breaches,
                coalesce(sum(pending), 0)::int AS pending FROM s
         UNION ALL
         SELECT false, g.key, g.key, g.hits, g.breaches, g.pending FROM g`,
        params,
      );
    }
    const key = groupBy === 'officer' ? `(${OFFICER})::text` : 'o.tier';
    const label = groupBy === 'officer' ? '(SELECT u.name FROM users_view u WHERE u.id::text = g.key)' : 'g.key';
    // The total is the sum of the groups (each ticket is in exactly one, NULL included), not a GROUPING SETS
    // total: grouping sets over a view's columns keep PostgreSQL 18 from using the due-time index (a seq scan).
    return sqlRows<TargetCountsRow>(
      this.dataSource,
      `WITH g AS (SELECT ${key} AS key, ${plain} FROM ${source} GROUP BY 1)
       SELECT true AS total, NULL AS key, NULL AS label, coalesce(sum(g.hits), 0)::int AS hits, coalesce(sum(g.breaches), 0)::int AS breaches,
              coalesce(sum(g.pending), 0)::int AS pending FROM g
       UNION ALL
       SELECT false, g.key, ${label}, g.hits, g.breaches, g.pending FROM g`,
      params,
    );
  }

  /** Breaches of tickets due in the window, latest due first: walks the due-time index backwards and stops at the page. */
  breaches(window: TargetWindow, limit: number, after: { dueAt: string; id: string } | null): Promise<TargetBreachRow[]> {
    const params: unknown[] = [];
    const source = this.windowRows(window, params, false);
    const now = `$${params.push(window.now)}::timestamptz`;
    const cursor = after ? `AND (t.target_due_at, t.id) < ($${params.push(after.dueAt)}::timestamptz, $${params.push(after.id)}::uuid)` : '';
    return sqlRows<TargetBreachRow>(
      this.dataSource,
      `WITH page AS (
         SELECT t.id, t.target_due_at, t.first_response_at, ${OFFICER} AS officer
           FROM ${source} AND ${BREACH(now)} ${cursor}
          ORDER BY t.target_due_at DESC, t.id DESC
          LIMIT ${limit})
       SELECT p.id AS ticket_id, tk.reference, tk.subject, p.officer AS officer_id, u.name AS officer_name,
              o.id AS outlet_id, o.name AS outlet_name, o.tier AS outlet_tier, tk.request_type, tk.target_minutes,
              p.target_due_at, p.first_response_at,
              extract(epoch FROM coalesce(p.first_response_at, ${now}) - p.target_due_at)::int AS late_seconds
         FROM page p JOIN tickets_view tk ON tk.id = p.id
         LEFT JOIN users_view u ON u.id = p.officer
         LEFT JOIN outlets_view o ON o.id = tk.outlet_id
        ORDER BY p.target_due_at DESC, p.id DESC`,
      params,
    );
  }

  /**
   * `tickets_view t [LEFT JOIN outlets_view o] WHERE …`: the tickets whose target falls due in the window and
   * match the filters; the outlet is joined only for a tier filter or grouping.
   */
  private windowRows(window: TargetWindow, params: unknown[], tierGroup: boolean): string {
    const p = (value: unknown) => `$${params.push(value)}`;
    const tz = p(window.timeZone);
    const where = [
      `t.target_due_at >= (${p(window.from)}::date::timestamp AT TIME ZONE ${tz})`,
      `t.target_due_at < ((${p(window.to)}::date + 1)::timestamp AT TIME ZONE ${tz})`,
    ];
    if (window.officer === 'none') where.push(`${OFFICER} IS NULL`);
    else if (window.officer) where.push(`${OFFICER} = ${p(window.officer)}::uuid`);
    if (window.tier === 'none') where.push('o.tier IS NULL');
    else if (window.tier) where.push(`o.tier = ${p(window.tier)}`);
    if (window.topic === 'none') where.push(`t.tags = '{}'`);
    else if (window.topic) where.push(`t.tags @> ARRAY[${p(window.topic)}]::text[]`);
    const join = tierGroup || window.tier ? 'LEFT JOIN outlets_view o ON o.id = t.outlet_id' : '';
    return `tickets_view t ${join} WHERE ${where.join(' AND ')}`;
  }
}
