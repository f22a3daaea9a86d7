/**
 * The metric definitions of docs/metrics.md as SQL. One builder produces the "facts" of a time
 * window (one row per measured moment: received, acknowledged, first response, resolution, deadline
 * outcome, reopen, assignment, backlog change); stored rollups, the live current day, filtered live
 * ranges and the "tickets behind a number" lists all read those same facts, so they cannot disagree.
 */

/** Collects positional parameters while a statement is built. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export const FACT_KINDS = [
  'received',
  'acknowledged',
  'first_response',
  'resolved',
  'deadline_met',
  'deadline_missed',
  'deadline_pending',
  'reopen',
  'assigned',
  'backlog',
  'target_hit',
  'target_late',
  'target_waiting',
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/**
 * Dimensions stored in rollups. Tier is the outlet's tier today (stored so a breakdown by tier reads
 * a handful of rows instead of every outlet's); team is derived from officer rows when read.
 */
export const ROLLUP_DIMENSIONS = ['all', 'officer', 'outlet', 'tier', 'topic', 'channel', 'request_type'] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

/**
 * Pairs of dimensions stored at every grain, day included (a breakdown by one filtered by the other reads
 * them instead of every fact): key is the first part's key, a unit separator (chr 31), the second's. At 1M
 * tickets a day holds about 40-470 keys of a pair without an outlet part and about 3,600-3,900 of officer ×
 * outlet or outlet × topic (docs/benchmarks.md, issue 16).
 */
export const PAIR_DIMENSIONS = ['officer_outlet', 'officer_tier', 'officer_channel', 'officer_request_type', 'officer_topic', 'outlet_topic', 'tier_topic', 'team_outlet'] as const;
export type PairDimension = (typeof PAIR_DIMENSIONS)[number];
export type SingleDimension = Exclude<RollupDimension, 'all'>;
/**
 * A part of a pair: a dimension, or a team. Team × outlet is stored like the pairs (its key the team's id, or ''
 * for an officer in no team and for no officer) from each fact's officer's teams now, so a team's breakdown by
 * outlet reads a row per team and outlet instead of one per officer of the team and outlet (a team of five: five
 * times fewer). Kept current like the tier rows: a change of members marks them stale (`teams_stale`) and the
 * next refresh computes them again from the stored facts.
 */
export type PartDimension = SingleDimension | 'team';
/** Pairs with a team part: their facts are joined to the officers' teams. */
export const TEAM_DIMENSIONS: readonly PairDimension[] = ['team_outlet'];
/** Every dimension and pair: each is stored by day, week, month and quarter. */
export const STORED_DIMENSIONS: readonly StoredDimension[] = [...ROLLUP_DIMENSIONS, ...PAIR_DIMENSIONS];
export const PAIR_PARTS: Record<PairDimension, [PartDimension, PartDimension]> = {
  officer_outlet: ['officer', 'outlet'],
  officer_tier: ['officer', 'tier'],
  officer_channel: ['officer', 'channel'],
  officer_request_type: ['officer', 'request_type'],
  officer_topic: ['officer', 'topic'],
  outlet_topic: ['outlet', 'topic'],
  tier_topic: ['tier', 'topic'],
  team_outlet: ['team', 'outlet'],
};
/** Any dimension with stored rows. */
export type StoredDimension = RollupDimension | PairDimension;
export const isPair = (dimension: StoredDimension): dimension is PairDimension => dimension in PAIR_PARTS;
/** SQL for one part (1 or 2) of a pair key. */
export const pairPart = (key: string, index: 1 | 2) => `split_part(${key}, chr(31), ${index})`;

export const DURATION_MEASURES = ['acknowledge', 'first_response', 'resolution', 'first_response_business', 'resolution_business'] as const;
export type DurationMeasure = (typeof DURATION_MEASURES)[number];

export interface FactsWindow {
  /** SQL expressions (usually parameters) for the window [lo, hi) and "now". */
  lo: string;
  hi: string;
  now: string;
  tz: string;
  /** Facts to compute; all when omitted. */
  kinds?: readonly FactKind[];
  /** Predicates on the ticket's current values, alias `t`. */
  ticketPredicates?: string[];
  /** Predicate on the fact's officer (a uuid column, null when unassigned). */
  officerPredicate?: (column: string) => string;
  /** How the event log is read: an index probe per ticket (a few days), or one scan (everything). */
  events?: EventsAccess;
}

export type EventsAccess = 'probe' | 'scan';

const RESOLVED = `('resolved', 'closed')`;

/** Business seconds from `a` to `b`: open time on the office calendar between them (null without a calendar). */
function businessSeconds(a: string, b: string, ca: string, cb: string): string {
  const clock = (at: string, c: string) => `(${c}.seconds_before + extract(epoch FROM least(greatest(${at}, ${c}.opens_at), ${c}.closes_at) - ${c}.opens_at))`;
  return `(${clock(b, cb)} - ${clock(a, ca)})::float8`;
}

/**
 * CTEs ending in `facts(ticket_id, kind, at, day, officer, outlet_id, channel, request_type, tags,
 * secs, bsecs, flag, delta)` for the window. `day` is the office-local date of `at`.
 */
export function factsCtes(w: FactsWindow): string {
  const kinds = new Set<FactKind>(w.kinds ?? FACT_KINDS);
  const wants = (...names: FactKind[]) => names.some((name) => kinds.has(name));
  const inWindow = (column: string) => `${column} >= ${w.lo} AND ${column} < ${w.hi}`;
  const needsChanges = wants('reopen', 'assigned', 'backlog');
  const needsBorn = wants('received', 'assigned', 'backlog');
  const wantsTargets = wants('target_hit', 'target_late', 'target_waiting');

  const scope = [
    needsBorn ? `SELECT id FROM tickets_view WHERE ${inWindow('created_at')}` : null,
    wants('acknowledged') ? `SELECT id FROM tickets_view WHERE ${inWindow('acknowledged_at')}` : null,
    wants('first_response') ? `SELECT id FROM tickets_view WHERE ${inWindow('first_response_at')}` : null,
    wants('resolved') ? `SELECT id FROM tickets_view WHERE ${inWindow('resolved_at')}` : null,
    wants('deadline_met', 'deadline_missed', 'deadline_pending') ? `SELECT id FROM tickets_view WHERE ${inWindow('deadline_at')}` : null,
    wantsTargets ? `SELECT id FROM tickets_view WHERE ${inWindow('target_due_at')}` : null,
    needsChanges ? `SELECT ticket_id FROM win_events` : null,
  ].filter(Boolean);

  const points: string[] = [];
  if (wants('received')) {
    points.push(`SELECT id AS ticket_id, 'received'::text AS kind, created_at AS at, NULL::timestamptz AS officer_at,
                        NULL::float8 AS secs, NULL::float8 AS bsecs, deadline_at IS NULL AS flag
                   FROM tk WHERE ${inWindow('created_at')}`);
  }
  if (wants('acknowledged')) {
    points.push(`SELECT id AS ticket_id, 'acknowledged'::text AS kind, acknowledged_at AS at, acknowledged_at AS officer_at,
                        extract(epoch FROM acknowledged_at - created_at)::float8 AS secs, NULL::float8 AS bsecs, false AS flag
                   FROM tk WHERE ${inWindow('acknowledged_at')}`);
  }
  if (wants('first_response')) {
    points.push(`SELECT tk.id AS ticket_id, 'first_response'::text AS kind, tk.first_response_at AS at, tk.first_response_at AS officer_at,
                        extract(epoch FROM tk.first_response_at - tk.created_at)::float8 AS secs,
                        ${businessSeconds('tk.created_at', 'tk.first_response_at', 'c0', 'c1')} AS bsecs, false AS flag
                   FROM tk
                   LEFT JOIN metric_office_calendar c0 ON c0.day = (tk.created_at AT TIME ZONE ${w.tz})::date
                   LEFT JOIN metric_office_calendar c1 ON c1.day = (tk.first_response_at AT TIME ZONE ${w.tz})::date
                  WHERE ${inWindow('tk.first_response_at')}`);
  }
  if (wants('resolved')) {
    points.push(`SELECT tk.id AS ticket_id, 'resolved'::text AS kind, tk.resolved_at AS at, tk.resolved_at AS officer_at,
                        extract(epoch FROM tk.resolved_at - tk.created_at)::float8 AS secs,
                        ${businessSeconds('tk.created_at', 'tk.resolved_at', 'c0', 'c1')} AS bsecs, tk.reopen_count > 0 AS flag
                   FROM tk
                   LEFT JOIN metric_office_calendar c0 ON c0.day = (tk.created_at AT TIME ZONE ${w.tz})::date
                   LEFT JOIN metric_office_calendar c1 ON c1.day = (tk.resolved_at AT TIME ZONE ${w.tz})::date
                  WHERE ${inWindow('tk.resolved_at')}`);
  }
  if (wants('deadline_met', 'deadline_missed', 'deadline_pending')) {
    // Met: a public reply at or before the deadline. Missed: the deadline has passed without one.
    points.push(`SELECT id AS ticket_id,
                        CASE WHEN first_response_at <= deadline_at THEN 'deadline_met'
                             WHEN deadline_at < ${w.now} THEN 'deadline_missed'
                             ELSE 'deadline_pending' END AS kind,
                        deadline_at AS at,
                        CASE WHEN first_response_at <= deadline_at THEN first_response_at
                             WHEN deadline_at < ${w.now} THEN deadline_at
                             ELSE ${w.now} END AS officer_at,
                        NULL::float8 AS secs, NULL::float8 AS bsecs, false AS flag
                   FROM tk WHERE ${inWindow('deadline_at')}`);
  }

  const changeFacts: string[] = [];
  if (wantsTargets) {
    // At the due time: hit or late once answered (never changes), waiting while unanswered (breach or running by the
    // reader's clock). Officer: who held the ticket at the first reply (stored with it), else who holds it now.
    changeFacts.push(`SELECT id AS ticket_id,
                             CASE WHEN first_response_at IS NULL THEN 'target_waiting'
                                  WHEN first_response_at <= target_due_at THEN 'target_hit' ELSE 'target_late' END AS kind,
                             target_due_at AS at,
                             CASE WHEN first_response_at IS NOT NULL THEN target_officer_id ELSE assignee_id END AS officer, 0 AS delta
                        FROM tk WHERE ${inWindow('target_due_at')}`);
  }
  if (wants('reopen')) {
    changeFacts.push(`SELECT ticket_id, 'reopen'::text AS kind, at, officer_after AS officer, 0 AS delta FROM chg_state
                       WHERE status_before IN ${RESOLVED} AND status_after NOT IN ${RESOLVED}`);
  }
  if (wants('assigned')) {
    changeFacts.push(`SELECT ticket_id, 'assigned' AS kind, at, officer_after AS officer, 0 AS delta FROM chg_state
                       WHERE officer_after IS NOT NULL AND officer_after IS DISTINCT FROM officer_before`);
    changeFacts.push(`SELECT ticket_id, 'assigned' AS kind, at, officer, 0 AS delta FROM born WHERE officer IS NOT NULL`);
  }
  if (wants('backlog')) {
    changeFacts.push(`SELECT ticket_id, 'backlog' AS kind, at, officer, 1 AS delta FROM born WHERE status NOT IN ${RESOLVED}`);
    changeFacts.push(`SELECT ticket_id, 'backlog' AS kind, at, officer_before AS officer, -1 AS delta FROM chg_state
                       WHERE status_before NOT IN ${RESOLVED}
                         AND (status_after IN ${RESOLVED} OR officer_after IS DISTINCT FROM officer_before)`);
    changeFacts.push(`SELECT ticket_id, 'backlog' AS kind, at, officer_after AS officer, 1 AS delta FROM chg_state
                       WHERE status_after NOT IN ${RESOLVED}
                         AND (status_before IN ${RESOLVED} OR officer_after IS DISTINCT FROM officer_before)`);
  }

  const ticketWhere = (w.ticketPredicates ?? []).map((predicate) => `AND ${predicate}`).join(' ');
  const parts = [
    needsChanges
      ? `win_events AS MATERIALIZED (
           SELECT e.ticket_id, e.created_at AS at FROM events_view e
            WHERE ${inWindow('e.created_at')} AND e.ticket_id IS NOT NULL AND (e.after ? 'status' OR e.after ? 'assigneeId'))`
      : null,
    `scope AS MATERIALIZED (${scope.join('\n UNION ')})`,
    `tk AS MATERIALIZED (
       SELECT t.id, t.status, t.assignee_id, t.outlet_id, t.channel, t.request_type, t.tags, t.created_at,
              t.acknowledged_at, t.first_response_at, t.resolved_at, t.deadline_at, t.reopen_count, t.target_due_at, t.target_officer_id
         FROM tickets_view t WHERE t.id IN (SELECT id FROM scope) ${ticketWhere})`,
    ...timelineCtes('tk', w.events),
    wants('received')
      ? `first_officer AS (
           SELECT ticket_id, (array_agg(v ORDER BY f) FILTER (WHERE v IS NOT NULL))[1] AS v FROM asg_iv GROUP BY ticket_id)`
      : null,
    points.length
      ? `pts AS (${points.join('\n UNION ALL ')})`
      : null,
    // Volume counts a ticket for the officer it was first given to; every other moment for its holder then.
    points.length
      ? `facts_pts AS (
           SELECT pts.ticket_id, pts.kind, pts.at, pts.secs, pts.bsecs, pts.flag, 0 AS delta,
                  CASE WHEN pts.officer_at IS NULL
                       THEN ${wants('received') ? 'CASE WHEN fo.ticket_id IS NOT NULL THEN fo.v ELSE tk.assignee_id END' : 'tk.assignee_id'}
                       WHEN ai.ticket_id IS NOT NULL THEN ai.v ELSE tk.assignee_id END AS officer
             FROM pts JOIN tk ON tk.id = pts.ticket_id
             LEFT JOIN asg_iv ai ON ai.ticket_id = pts.ticket_id AND ai.f <= pts.officer_at AND pts.officer_at < ai.u
             ${wants('received') ? 'LEFT JOIN first_officer fo ON fo.ticket_id = pts.ticket_id' : ''})`
      : null,
    needsChanges
      ? `chg AS (
           SELECT DISTINCT w.ticket_id, w.at FROM win_events w JOIN tk ON tk.id = w.ticket_id WHERE w.at > tk.created_at)`
      : null,
    needsChanges
      ? `chg_state AS (
           SELECT c.ticket_id, c.at,
                  CASE WHEN sb.ticket_id IS NOT NULL THEN sb.v ELSE tk.status END AS status_before,
                  CASE WHEN sa.ticket_id IS NOT NULL THEN sa.v ELSE tk.status END AS status_after,
                  CASE WHEN ob.ticket_id IS NOT NULL THEN ob.v ELSE tk.assignee_id END AS officer_before,
                  CASE WHEN oa.ticket_id IS NOT NULL THEN oa.v ELSE tk.assignee_id END AS officer_after
             FROM chg c JOIN tk ON tk.id = c.ticket_id
             LEFT JOIN st_iv sb ON sb.ticket_id = c.ticket_id AND sb.f < c.at AND c.at <= sb.u
             LEFT JOIN st_iv sa ON sa.ticket_id = c.ticket_id AND sa.f <= c.at AND c.at < sa.u
             LEFT JOIN asg_iv ob ON ob.ticket_id = c.ticket_id AND ob.f < c.at AND c.at <= ob.u
             LEFT JOIN asg_iv oa ON oa.ticket_id = c.ticket_id AND oa.f <= c.at AND c.at < oa.u)`
      : null,
    wants('assigned', 'backlog')
      ? `born AS (
           SELECT tk.id AS ticket_id, tk.created_at AS at,
                  CASE WHEN s.ticket_id IS NOT NULL THEN s.v ELSE tk.status END AS status,
                  CASE WHEN o.ticket_id IS NOT NULL THEN o.v ELSE tk.assignee_id END AS officer
             FROM tk
             LEFT JOIN st_iv s ON s.ticket_id = tk.id AND s.f <= tk.created_at AND tk.created_at < s.u
             LEFT JOIN asg_iv o ON o.ticket_id = tk.id AND o.f <= tk.created_at AND tk.created_at < o.u
            WHERE ${inWindow('tk.created_at')})`
      : null,
    `facts_all AS (
       ${[
         points.length ? `SELECT ticket_id, kind, at, officer, secs, bsecs, flag, delta FROM facts_pts` : null,
         ...changeFacts.map(
           (sql) => `SELECT ticket_id, kind, at, officer, NULL::float8 AS secs, NULL::float8 AS bsecs, false AS flag, delta FROM (${sql}) c`,
         ),
       ]
         .filter(Boolean)
         .join('\n UNION ALL ')})`,
    `facts AS (
       SELECT f.ticket_id, f.kind, f.at, (f.at AT TIME ZONE ${w.tz})::date AS day, f.officer,
              tk.outlet_id, tk.channel, tk.request_type, tk.tags, f.secs, f.bsecs, f.flag, f.delta
         FROM facts_all f JOIN tk ON tk.id = f.ticket_id
        ${w.officerPredicate ? `WHERE ${w.officerPredicate('f.officer')}` : ''})`,
  ];
  return parts.filter(Boolean).join(',\n');
}

/**
 * CTEs `hist`, `asg_iv` and `st_iv`: for the tickets of CTE `source` (column id), the officer and the
 * status over time from the event log, as intervals [f, u) with value v. Before a ticket's first
 * change the value is that change's "before"; a ticket never changed has its current value throughout.
 */
export function timelineCtes(source: string, access: EventsAccess = 'probe'): string[] {
  const columns = `e.ticket_id, e.created_at AS at, e.id,
              e.after ? 'assigneeId' AS sets_officer, e.before ? 'assigneeId' AS had_officer,
              (e.before->>'assigneeId')::uuid AS officer_before, (e.after->>'assigneeId')::uuid AS officer_after,
              e.before->>'status' AS status_before, e.after->>'status' AS status_after`;
  const changes = `(e.after ? 'status' OR e.after ? 'assigneeId')`;
  return [
    // A few days' tickets: one index probe each (OFFSET 0 keeps the planner from turning it into a
    // scan of the whole log); every ticket: one scan.
    access === 'probe'
      ? `hist AS MATERIALIZED (
           SELECT ${columns} FROM ${source} s
           CROSS JOIN LATERAL (SELECT * FROM events_view e WHERE e.ticket_id = s.id AND ${changes} OFFSET 0) e)`
      : `hist AS MATERIALIZED (SELECT ${columns} FROM events_view e WHERE e.ticket_id IN (SELECT id FROM ${source}) AND ${changes})`,
    `asg_iv AS MATERIALIZED (
       SELECT ticket_id, at AS f, lead(at, 1, 'infinity'::timestamptz) OVER (PARTITION BY ticket_id ORDER BY at, id) AS u, officer_after AS v
         FROM hist WHERE sets_officer
       UNION ALL
       (SELECT DISTINCT ON (ticket_id) ticket_id, '-infinity'::timestamptz, at, CASE WHEN had_officer THEN officer_before ELSE officer_after END
          FROM hist WHERE sets_officer ORDER BY ticket_id, at, id))`,
    `st_iv AS MATERIALIZED (
       SELECT ticket_id, at AS f, lead(at, 1, 'infinity'::timestamptz) OVER (PARTITION BY ticket_id ORDER BY at, id) AS u, status_after AS v
         FROM hist WHERE status_after IS NOT NULL
       UNION ALL
       (SELECT DISTINCT ON (ticket_id) ticket_id, '-infinity'::timestamptz, at, coalesce(status_before, status_after)
          FROM hist WHERE status_after IS NOT NULL ORDER BY ticket_id, at, id))`,
  ];
}

/** SQL giving a fact's key in one stored dimension ('' for none); tier needs the `tier` column of aggregateCtes. */
export function dimensionKey(dimension: Exclude<RollupDimension, 'topic'>, alias: string | null = 'f'): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  switch (dimension) {
    case 'all':
      return `''`;
    case 'officer':
      return `coalesce(${column('officer')}::text, '')`;
    case 'outlet':
      return `coalesce(${column('outlet_id')}::text, '')`;
    case 'channel':
      return column('channel');
    case 'request_type':
      return column('request_type');
    case 'tier':
      return column('tier');
  }
}

const FLAT_COLUMNS = { officer: 'officer', outlet: 'outlet_id', tier: 'tier', channel: 'channel', request_type: 'request_type' } as const;
type FlatDimension = keyof typeof FLAT_COLUMNS;

const COUNTER_AGGREGATES = `
  count(*) FILTER (WHERE kind = 'received')::int AS received,
  count(*) FILTER (WHERE kind = 'received' AND flag)::int AS no_deadline,
  count(*) FILTER (WHERE kind = 'acknowledged')::int AS acknowledged,
  count(*) FILTER (WHERE kind = 'first_response')::int AS first_responses,
  count(*) FILTER (WHERE kind = 'resolved')::int AS resolved,
  count(*) FILTER (WHERE kind = 'resolved' AND flag)::int AS reopened_resolved,
  count(*) FILTER (WHERE kind = 'reopen')::int AS reopens,
  count(*) FILTER (WHERE kind = 'deadline_met')::int AS deadlines_met,
  count(*) FILTER (WHERE kind = 'deadline_missed')::int AS deadlines_missed,
  count(*) FILTER (WHERE kind = 'deadline_pending')::int AS deadlines_pending,
  count(*) FILTER (WHERE kind = 'assigned')::int AS assigned,
  coalesce(sum(delta) FILTER (WHERE kind = 'backlog'), 0)::int AS backlog_change,
  count(*) FILTER (WHERE kind = 'target_hit')::int AS target_hits,
  count(*) FILTER (WHERE kind = 'target_late')::int AS target_late,
  count(*) FILTER (WHERE kind = 'target_waiting')::int AS target_waiting`;

/**
 * One pass over `source` grouped by day and by each flat dimension (GROUPING SETS), plus one pass
 * per topic; `extra` columns (e.g. measure, bin) are grouped on in every set.
 */
function groupedBranches(source: string, dimensions: readonly StoredDimension[], aggregates: string, extra: string[]): string[] {
  const flat = (['officer', 'outlet', 'tier', 'channel', 'request_type'] as const).filter((dimension) => dimensions.includes(dimension));
  const withAll = dimensions.includes('all');
  const branches: string[] = [];
  const extraColumns = extra.map((column) => `, ${column}`).join('');
  if (flat.length || withAll) {
    const columns = flat.map((dimension: FlatDimension) => FLAT_COLUMNS[dimension]);
    const sets = [...(withAll ? [['day', ...extra]] : []), ...columns.map((column) => ['day', column, ...extra])];
    const bits = (index: number) => columns.reduce((mask, _, position) => (position === index ? mask : mask | (1 << (columns.length - 1 - position))), 0);
    const grouping = `GROUPING(${columns.join(', ')})`;
    const dim = columns.length ? `CASE ${grouping} ${flat.map((dimension, index) => `WHEN ${bits(index)} THEN '${dimension}'`).join(' ')} ELSE 'all' END` : `'all'`;
    const key = columns.length ? `CASE ${grouping} ${flat.map((dimension, index) => `WHEN ${bits(index)} THEN ${dimensionKey(dimension, null)}`).join(' ')} ELSE '' END` : `''`;
    branches.push(`SELECT day, ${dim} AS dim, ${key} AS key${extraColumns}, ${aggregates}
      FROM ${source} GROUP BY GROUPING SETS (${sets.map((set) => `(${set.join(', ')})`).join(', ')})`);
  }
  // A ticket counts once under each of its topics.
  if (dimensions.includes('topic')) {
    branches.push(`SELECT day, 'topic' AS dim, tag AS key${extraColumns}, ${aggregates}
      FROM ${source} CROSS JOIN LATERAL unnest(CASE WHEN cardinality(tags) = 0 THEN ARRAY[''] ELSE tags END) tag
      GROUP BY day, tag${extraColumns}`);
  }
  branches.push(...pairBranches(source, dimensions.filter(isPair), aggregates, extra));
  return branches;
}

/**
 * Pair branches: one pass for officer × (outlet, tier, channel, request type) and one over the
 * unnested topics for (officer, outlet, tier) × topic, each with GROUPING SETS.
 */
function pairBranches(source: string, pairs: PairDimension[], aggregates: string, extra: string[]): string[] {
  const extraColumns = extra.map((column) => `, ${column}`).join('');
  const branches: string[] = [];
  const teamed = pairs.filter((pair) => TEAM_DIMENSIONS.includes(pair));
  const flat = pairs.filter((pair) => !teamed.includes(pair) && PAIR_PARTS[pair][1] !== 'topic');
  const topical = pairs.filter((pair) => !teamed.includes(pair) && PAIR_PARTS[pair][1] === 'topic');
  const setsOf = (group: PairDimension[], columns: (pair: PairDimension) => string[]) => {
    const all = [...new Set(group.flatMap(columns))];
    const bits = (pair: PairDimension) => all.reduce((mask, column, position) => (columns(pair).includes(column) ? mask : mask | (1 << (all.length - 1 - position))), 0);
    return {
      sets: group.map((pair) => `(day, ${columns(pair).join(', ')}${extraColumns})`).join(', '),
      dim: `CASE GROUPING(${all.join(', ')}) ${group.map((pair) => `WHEN ${bits(pair)} THEN '${pair}'`).join(' ')} END`,
      key: (keyOf: (pair: PairDimension) => string) => `CASE GROUPING(${all.join(', ')}) ${group.map((pair) => `WHEN ${bits(pair)} THEN ${keyOf(pair)}`).join(' ')} END`,
    };
  };
  const part = (dimension: PartDimension) => (dimension === 'topic' ? 'tag' : dimensionKey(dimension as Exclude<SingleDimension, 'topic'>, null));
  if (flat.length) {
    const columns = (pair: PairDimension) => PAIR_PARTS[pair].map((dimension) => FLAT_COLUMNS[dimension as FlatDimension]);
    const g = setsOf(flat, columns);
    branches.push(`SELECT day, ${g.dim} AS dim, ${g.key((pair) => `${part(PAIR_PARTS[pair][0])} || chr(31) || ${part(PAIR_PARTS[pair][1])}`)} AS key${extraColumns}, ${aggregates}
      FROM ${source} GROUP BY GROUPING SETS (${g.sets})`);
  }
  if (topical.length) {
    const columns = (pair: PairDimension) => [FLAT_COLUMNS[PAIR_PARTS[pair][0] as FlatDimension], 'tag'];
    const g = setsOf(topical, columns);
    branches.push(`SELECT day, ${g.dim} AS dim, ${g.key((pair) => `${part(PAIR_PARTS[pair][0])} || chr(31) || tag`)} AS key${extraColumns}, ${aggregates}
      FROM ${source} CROSS JOIN LATERAL unnest(CASE WHEN cardinality(tags) = 0 THEN ARRAY[''] ELSE tags END) tag
      GROUP BY GROUPING SETS (${g.sets})`);
  }
  // Team × outlet: a fact counts once under each team of its officer (their own pass: the join repeats facts).
  if (teamed.length) {
    branches.push(`SELECT day, 'team_outlet' AS dim, coalesce(tm.team_id::text, '') || chr(31) || ${dimensionKey('outlet', 's')} AS key${extraColumns}, ${aggregates}
      FROM ${source} s LEFT JOIN team_members_view tm ON tm.user_id = s.officer
      GROUP BY day, tm.team_id, s.outlet_id${extraColumns}`);
  }
  return branches;
}

/**
 * CTEs `agg_counters(day, dim, key, …counters)` and `agg_bins(day, dim, key, measure, bin, n)` over
 * `facts`, for the given dimensions: the shape stored in the rollup tables. A read passes the
 * measures it needs (SQL text[]): a calendar read bins neither business-hours measure.
 */
export function aggregateCtes(dimensions: readonly StoredDimension[], measures?: string): string {
  // The tier of a fact is its outlet's tier now ('' without an outlet or a tier).
  const tiered = dimensions.some((dimension) => dimension === 'tier' || (isPair(dimension) && PAIR_PARTS[dimension].includes('tier')));
  const source = tiered ? 'facts_tiered' : 'facts';
  return `${tiered ? `facts_tiered AS (SELECT f.*, coalesce(o.tier, '') AS tier FROM facts f LEFT JOIN outlets_view o ON o.id = f.outlet_id),` : ''}
    agg_counters AS (${groupedBranches(source, dimensions, COUNTER_AGGREGATES, []).join('\n UNION ALL ')}),
    durations AS MATERIALIZED (
      SELECT f.day, f.officer, f.outlet_id, ${tiered ? 'f.tier, ' : ''}f.channel, f.request_type, f.tags, m.measure, metrics_bin(m.v) AS bin
        FROM ${source} f
        CROSS JOIN LATERAL (VALUES
          ('acknowledge', CASE WHEN f.kind = 'acknowledged' THEN f.secs END),
          ('first_response', CASE WHEN f.kind = 'first_response' THEN f.secs END),
          ('first_response_business', CASE WHEN f.kind = 'first_response' THEN f.bsecs END),
          ('resolution', CASE WHEN f.kind = 'resolved' THEN f.secs END),
          ('resolution_business', CASE WHEN f.kind = 'resolved' THEN f.bsecs END)) m(measure, v)
       WHERE f.kind IN ('acknowledged', 'first_response', 'resolved') AND m.v IS NOT NULL${measures ? ` AND m.measure = ANY(${measures}::text[])` : ''}),
    agg_bins AS (${groupedBranches('durations', dimensions, 'count(*)::int AS n', ['measure', 'bin']).join('\n UNION ALL ')})`;
}

/**
 * Office-local days of 2000-2099 with their opening and closing instants (DST included; a closed
 * day or holiday opens and closes at midnight). Parameters: $1 time zone, $2 holidays (date[]),
 * $3 open weekdays (ISO, int[]), $4 opening and $5 closing clock times (time[]).
 */
export const OFFICE_DAYS_SQL = `SELECT d::date AS day,
         CASE WHEN h.opens IS NULL OR d::date = ANY($2::date[]) THEN d::date::timestamp AT TIME ZONE $1
              ELSE (d::date + h.opens) AT TIME ZONE $1 END AS opens_at,
         CASE WHEN h.opens IS NULL OR d::date = ANY($2::date[]) THEN d::date::timestamp AT TIME ZONE $1
              ELSE (d::date + h.closes) AT TIME ZONE $1 END AS closes_at
    FROM generate_series('2000-01-01'::date, '2099-12-31'::date, interval '1 day') d
    LEFT JOIN unnest($3::int[], $4::time[], $5::time[]) h(weekday, opens, closes) ON h.weekday = extract(isodow FROM d)::int`;

/** Counter columns of the rollup table, in order. */
export const COUNTER_COLUMNS = [
  'received',
  'no_deadline',
  'acknowledged',
  'first_responses',
  'resolved',
  'reopened_resolved',
  'reopens',
  'deadlines_met',
  'deadlines_missed',
  'deadlines_pending',
  'assigned',
  'backlog_change',
  'target_hits',
  'target_late',
  'target_waiting',
] as const;
