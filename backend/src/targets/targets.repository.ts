import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OutletTier, RequestType, TargetGroup } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';

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

const WAITING = `first_response_at IS NULL AND status IN ('new', 'open', 'pending')`;
// The officer a hit or breach belongs to: who held the ticket when the first reply went out, else who holds it now.
const OFFICER = `CASE WHEN t.first_response_at IS NOT NULL THEN t.target_officer_id ELSE t.assignee_id END`;
const HIT = `t.first_response_at <= t.target_due_at`;
const BREACH = (now: string) => `(t.first_response_at > t.target_due_at OR (t.first_response_at IS NULL AND t.target_due_at <= ${now}))`;
const PENDING = (now: string) => `(t.first_response_at IS NULL AND t.target_due_at > ${now})`;

/** SQL of response targets and the target columns of tickets (kept by the trigger of migration 1766530000000). */
@Injectable()
export class TargetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(manager: EntityManager = this.dataSource.manager): Promise<ResponseTargetRow[]> {
    return manager.query(
      `SELECT id, tier, request_type, minutes, updated_at FROM response_targets
        ORDER BY tier NULLS FIRST, request_type NULLS FIRST`,
    );
  }

  async find(tx: EntityManager, id: string, lock = false): Promise<ResponseTargetRow | null> {
    const [row] = (await tx.query(
      `SELECT id, tier, request_type, minutes, updated_at FROM response_targets WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    )) as ResponseTargetRow[];
    return row ?? null;
  }

  /** Null when a target for that scope exists already. */
  async insert(tx: EntityManager, tier: OutletTier | null, requestType: RequestType | null, minutes: number): Promise<ResponseTargetRow | null> {
    const [row] = (await tx.query(
      `INSERT INTO response_targets (tier, request_type, minutes) VALUES ($1, $2, $3)
       ON CONFLICT ((coalesce(tier, '')), (coalesce(request_type, ''))) DO NOTHING
       RETURNING id, tier, request_type, minutes, updated_at`,
      [tier, requestType, minutes],
    )) as ResponseTargetRow[];
    return row ?? null;
  }

  async setMinutes(tx: EntityManager, id: string, minutes: number): Promise<void> {
    await tx.query(`UPDATE response_targets SET minutes = $2, updated_at = now() WHERE id = $1`, [id, minutes]);
  }

  async remove(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`DELETE FROM response_targets WHERE id = $1`, [id]);
  }

  /**
   * Applies the current targets to tickets still waiting for a first reply (answered ones keep the
   * target they were measured against). `calendarChanged` recomputes due times whose minutes stay.
   */
  async recomputeWaiting(tx: EntityManager, calendarChanged = false): Promise<number> {
    const [, count] = (await tx.query(
      `UPDATE tickets t SET target_minutes = m.minutes, target_due_at = office_due_at(t.created_at, m.minutes)
         FROM (SELECT id, response_target_minutes(outlet_id, request_type) AS minutes FROM tickets WHERE ${WAITING}) m
        WHERE t.id = m.id ${calendarChanged ? '' : 'AND t.target_minutes IS DISTINCT FROM m.minutes'}`,
    )) as [unknown, number];
    return count;
  }

  /** Hits, breaches and pending of tickets due in the window: the total and one row per group. */
  counts(window: TargetWindow, groupBy: TargetGroup): Promise<TargetCountsRow[]> {
    const params: unknown[] = [];
    const base = this.windowCte(window, params, groupBy === 'topic');
    const now = `$${params.push(window.now)}::timestamptz`;
    const counts = `count(*) FILTER (WHERE ${HIT})::int AS hits, count(*) FILTER (WHERE ${BREACH(now)})::int AS breaches,
                    count(*) FILTER (WHERE ${PENDING(now)})::int AS pending`;
    const group = {
      officer: { key: 't.officer::text', join: '', label: 'u.name', labelJoin: 'LEFT JOIN users u ON u.id::text = g.key' },
      tier: { key: 't.tier', join: '', label: 'g.key', labelJoin: '' },
      topic: { key: 'topic', join: `CROSS JOIN LATERAL unnest(CASE WHEN t.tags = '{}' THEN ARRAY[NULL]::text[] ELSE t.tags END) topic`, label: 'g.key', labelJoin: '' },
    }[groupBy];
    return this.dataSource.query(
      `WITH ${base},
       g AS (SELECT ${group.key} AS key, ${counts} FROM t ${group.join} GROUP BY 1)
       SELECT true AS total, NULL AS key, NULL AS label, ${counts} FROM t
       UNION ALL
       SELECT false, g.key, ${group.label}, g.hits, g.breaches, g.pending FROM g ${group.labelJoin}`,
      params,
    );
  }

  /** Breaches of tickets due in the window, newest due first, keyset by (due, id). */
  breaches(window: TargetWindow, limit: number, after: { dueAt: string; id: string } | null): Promise<TargetBreachRow[]> {
    const params: unknown[] = [];
    const base = this.windowCte(window, params);
    const now = `$${params.push(window.now)}::timestamptz`;
    const cursor = after ? `AND (t.target_due_at, t.id) < ($${params.push(after.dueAt)}::timestamptz, $${params.push(after.id)}::uuid)` : '';
    return this.dataSource.query(
      `WITH ${base}
       SELECT t.id AS ticket_id, tk.reference, tk.subject, t.officer AS officer_id, u.name AS officer_name,
              o.id AS outlet_id, o.name AS outlet_name, o.tier AS outlet_tier, tk.request_type, tk.target_minutes,
              t.target_due_at, t.first_response_at,
              extract(epoch FROM coalesce(t.first_response_at, ${now}) - t.target_due_at)::int AS late_seconds
         FROM t JOIN tickets tk ON tk.id = t.id
         LEFT JOIN users u ON u.id = t.officer
         LEFT JOIN outlets o ON o.id = tk.outlet_id
        WHERE ${BREACH(now)} ${cursor}
        ORDER BY t.target_due_at DESC, t.id DESC
        LIMIT ${limit}`,
      params,
    );
  }

  /** CTE `t`: the tickets whose target falls due in the window, with the officer, tier (and topics) they count under; topics cost a heap read. */
  private windowCte(window: TargetWindow, params: unknown[], withTags = false): string {
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
    return `t AS MATERIALIZED (
      SELECT t.id, t.target_due_at, t.first_response_at, ${OFFICER} AS officer, o.tier${withTags ? ', t.tags' : ''}
        FROM tickets t LEFT JOIN outlets o ON o.id = t.outlet_id
       WHERE ${where.join(' AND ')})`;
  }
}
