import type { MetricFiltersDto, MetricGranularity, MetricGroup, OutletTier } from '@newsdesk/shared';
import {
  aggregateCtes,
  COUNTER_COLUMNS,
  dimensionKey,
  isPair,
  PAIR_PARTS,
  pairPart,
  timelineCtes,
  type DurationMeasure,
  type PairDimension,
  type PartDimension,
  type RollupDimension,
  type SingleDimension,
  type SqlParams,
  type StoredDimension,
} from './metric-facts.sql.js';

/** The filters of a read: the API's, and `none` for a tier (outlets without a tier, or no outlet) as the target reads take it. */
export type ReadFilters = Omit<MetricFiltersDto, 'tier'> & { tier?: OutletTier | 'none' };

/** How stored keys become the groups of a breakdown: team and tier are looked up, the rest are the key. */
export interface Grouping {
  expr: string;
  join: (keyColumn: string) => string;
}

export function grouping(groupBy: MetricGroup | null | undefined, dimension?: StoredDimension): Grouping {
  if (groupBy && dimension && isPair(dimension)) {
    // A pair key: the part of the breakdown's dimension, grouped as that dimension's own key.
    const index = pairIndex(dimension, GROUP_DIMENSION[groupBy]);
    const single = grouping(groupBy, PAIR_PARTS[dimension][index - 1] as SingleDimension);
    return { expr: single.expr === 's.key' ? pairPart('s.key', index) : single.expr, join: (key) => single.join(pairPart(key, index)) };
  }
  // Tier rows are stored: their key is the tier.
  if (groupBy === 'tier' && dimension === 'tier') return { expr: 's.key', join: () => '' };
  switch (groupBy) {
    case undefined:
    case null:
      return { expr: `''`, join: () => '' };
    case 'team':
      return { expr: `coalesce(gm.team_id::text, '')`, join: (key) => `LEFT JOIN team_members_view gm ON gm.user_id::text = ${key}` };
    case 'tier':
      return { expr: `coalesce(go.tier, '')`, join: (key) => `LEFT JOIN outlets_view go ON go.id::text = ${key}` };
    default:
      return { expr: 's.key', join: () => '' };
  }
}

/** The stored dimension a breakdown's groups are keyed by. */
const GROUP_DIMENSION: Record<MetricGroup, SingleDimension> = {
  officer: 'officer',
  team: 'officer',
  outlet: 'outlet',
  tier: 'tier',
  topic: 'topic',
  channel: 'channel',
  requestType: 'request_type',
};

/** Which part (1 or 2) of a pair holds `dimension`; tier is read from the outlet part when the pair has no tier. */
export function pairIndex(pair: PairDimension, dimension: PartDimension): 1 | 2 {
  const [first, second] = PAIR_PARTS[pair];
  if (first === dimension) return 1;
  if (second === dimension) return 2;
  if (dimension === 'tier' && first === 'outlet') return 1;
  if (dimension === 'tier' && second === 'outlet') return 2;
  throw new Error(`${pair} has no ${dimension} part`);
}

/**
 * A stored histogram added (+1) or subtracted (-1): a month prefix or a month to date, or (added only)
 * a month or a rest of month.
 */
export interface StoredPiece {
  grain: 'month_prefix' | 'month_to_date' | 'month' | 'rest_of_month';
  period: string;
  sign: 1 | -1;
}

export interface StoredPieces {
  days: string[];
  weeks: string[];
  months: string[];
  quarters: string[];
}

/** Where the numbers come from: stored rollups plus a live window, or a live window alone. */
export interface ReadSource {
  dimension: StoredDimension;
  /** Restricts stored and live keys (rollup reads); receives the key column. */
  keyPredicate?: (keyColumn: string) => string;
  /** Stored periods read, by grain (each given by its first day). */
  stored?: StoredPieces;
  /**
   * The histograms of the range's closed days read as these stored pieces (MONTH_TO_DATE_DIMENSIONS only)
   * instead of `stored`'s: month prefixes and month to date, some subtracted, or a rest of month, months and
   * a month to date, all added; `stored.days` after `closedTo` (today) are still read as day rows.
   */
  pieces?: { list: StoredPiece[]; closedTo: string };
  /**
   * Aggregated from the stored facts of office-local days [from, to] (SQL date expressions), with
   * filters on the fact's ticket values (alias \`t\`) and on the officer holding it at the moment.
   */
  live?: { from: string; to: string; ticketPredicates?: string[]; officerPredicate?: (column: string) => string };
}

export interface AggregateRead {
  source: ReadSource;
  /** SQL date expression for a row's bucket, given the period column. */
  bucket: (periodColumn: string) => string;
  buckets: string[];
  groupBy: MetricGroup | null;
  /** Duration measures read as acknowledge, first response and resolution (calendar or business). */
  measures: [DurationMeasure, DurationMeasure, DurationMeasure] | null;
  /**
   * False when only the percentiles are wanted (a series of a duration): the counter rows are read for their
   * keys alone (which groups exist, with the backlog before the range as before), and every counter and the
   * backlog come out 0.
   */
  counters?: boolean;
  /**
   * `merge`: each (bucket, group) returns its histograms as text (\`ack_h\`, \`frt_h\`, \`res_h\`, or \`h\` for a series
   * of a duration) for the repository to add up (histogram-merge.ts): many small histograms per group, as the outlet
   * pair reads have. `search` (the default): the percentiles are searched in SQL (percentileSearchCtes), the better
   * way for a few large histograms per group. Never with subtracted pieces.
   */
  percentiles?: 'search' | 'merge';
  /**
   * A series' granularity: a stored piece of that grain is a whole bucket. When each group is one stored key (a
   * series by outlet, officer, topic…), such a piece is its group's only histogram in its bucket, and its percentiles
   * are its own, read straight from its running totals with no search (a weekly series by outlet: all but the edge
   * weeks).
   */
  loneGrain?: 'day' | 'week' | 'month';
  /** Backlog before the range: from stored rollups (plus changes given per group), or given per group. */
  baseline: { storedBefore: { month: string; day: string }; plus?: Map<string, number> } | { given: Map<string, number> };
}

export interface AggregateRow {
  period: string;
  grp: string;
  received: number;
  no_deadline: number;
  acknowledged: number;
  first_responses: number;
  resolved: number;
  reopened_resolved: number;
  reopens: number;
  deadlines_met: number;
  deadlines_missed: number;
  deadlines_pending: number;
  assigned: number;
  backlog: number;
  target_hits: number;
  target_late: number;
  target_waiting: number;
  ack_n: number | null;
  ack_p50: number | null;
  ack_p90: number | null;
  frt_n: number | null;
  frt_p50: number | null;
  frt_p90: number | null;
  res_n: number | null;
  res_p50: number | null;
  res_p90: number | null;
}

/** A row with nothing in it: every counter and the backlog 0, no durations. */
export function emptyAggregateRow(period: string, grp = ''): AggregateRow {
  return {
    period,
    grp,
    received: 0,
    no_deadline: 0,
    acknowledged: 0,
    first_responses: 0,
    resolved: 0,
    reopened_resolved: 0,
    reopens: 0,
    deadlines_met: 0,
    deadlines_missed: 0,
    deadlines_pending: 0,
    assigned: 0,
    backlog: 0,
    target_hits: 0,
    target_late: 0,
    target_waiting: 0,
    ack_n: null,
    ack_p50: null,
    ack_p90: null,
    frt_n: null,
    frt_p50: null,
    frt_p90: null,
    res_n: null,
    res_p50: null,
    res_p90: null,
  };
}

const COUNTERS = COUNTER_COLUMNS.filter((column) => column !== 'backlog_change');

/**
 * CTEs ending in `<out>(b, g, measure, total, p50, p90)`: nearest-rank median and 90th percentile
 * of the merged histograms of each (b, g, measure) in `<hs>(b, g, measure, bins, cumulative)`.
 * Needs `WITH RECURSIVE`.
 *
 * The answer is the smallest bin B with at least ceil(p × total) durations at or under it. How
 * many one histogram has at or under B is its running total at `width_bucket(B, bins)` (the
 * number of its bins ≤ B, a binary search in C), so B is found by halving [lo, hi]: each step
 * probes every histogram of the group once per percentile and sums the probes with a window.
 * The search starts from the smallest and largest of the histograms' own percentiles (the merged
 * one lies between them), and a group leaves the search once both of its answers are found.
 * No histogram is unnested and the merged histogram is never built, so the cost follows the
 * number of histograms, not of bins (15,000 histograms with 1.4 M bins: 2.5 s unnested, about
 * 0.2 s searched). Groups are numbered first, so each step joins the groups still searching to
 * their histograms on one integer and sums the probes with a window (aggregates are not allowed
 * in a recursive term). Each step probes three points per percentile, not one (a quarter of the
 * interval is left, not a half), so a group needs half the steps: a step's cost is mostly joining
 * and windowing the histograms (at 1M tickets, 4 ways beat 2 and 8 by 5-25%, docs/benchmarks.md).
 * The histograms keyed by group are materialized once, not joined again at every step (year by
 * outlet at 1M: about 1.7× faster; summing the bins inside [lo, hi] in one pass was no faster).
 * Each histogram's probes are computed before the window's sort (a subquery kept apart by OFFSET 0),
 * so a step sorts a few integers per histogram, not its arrays: a year by outlet's search (prefix
 * histograms of ~215 bins) took about 70-90 ms, now 45-50 (docs/benchmarks.md, issue 16). Merging the
 * bins instead (unnest, sum per bin, running sum) was 3-4× slower even for the pairs' 10-bin histograms.
 */
/** ⌈p·n⌉ for the median and the 90th percentile, in integers, of a count \`n\`. */
const RANK_50 = (n: string) => `(${n} + 1) / 2`;
const RANK_90 = (n: string) => `(9 * ${n} + 9) / 10`;

/** A histogram's own percentile bin: the first running total that reaches the rank \`target\`. */
const ownBin = (target: string) => `bins[width_bucket((${target} - 1)::int, cumulative) + 1]::int`;

/** Sections each search step divides an interval into (2: halving). */
export const SEARCH_WAYS = 4;

/**
 * `signed`: `<hs>` also has a `sign` column, -1 for a histogram to subtract (the month prefix before
 * a range): probes are summed with their sign, and a group with such a piece is searched from the
 * lowest to the highest bin of its positive pieces (its own percentiles bound nothing then).
 * `asBins`: p50 and p90 are the percentiles' bins, for the caller to turn into seconds, not their floors.
 */
export function percentileSearchCtes(hs: string, out: string, ways = SEARCH_WAYS, signed = false, asBins = false): string[] {
  const sections = Array.from({ length: ways - 1 }, (_, index) => index + 1);
  // The j-th probe point of an interval [lo, hi]: lo + (hi - lo) × j / ways, so lo ≤ point < hi while lo < hi.
  const point = (p: string, j: number, alias = '') => `(${alias}lo${p} + (${alias}hi${p} - ${alias}lo${p}) * ${j} / ${ways})`;
  // One histogram's count at or under a probe point (with its sign), and the group's sum of them.
  const probe = (p: string) =>
    sections.map((j) => `${signed ? 'h.sign * ' : ''}coalesce(h.cumulative[width_bucket(${point(p, j, 's.')}::smallint, h.bins)], 0) AS p${p}_${j}`).join(', ');
  const summed = (p: string) => sections.map((j) => `sum(p${p}_${j}) OVER w AS c${p}_${j}`).join(', ');
  // The answer lies in the first section whose end has reached the target (the last when none has).
  const narrow = (p: string) => {
    const lo = sections.map((j) => `WHEN c${p}_${j} >= t${p} THEN ${j === 1 ? `lo${p}` : `${point(p, j - 1)} + 1`}`).join(' ');
    const hi = sections.map((j) => `WHEN c${p}_${j} >= t${p} THEN ${point(p, j)}`).join(' ');
    return `CASE ${lo} ELSE ${point(p, ways - 1)} + 1 END, CASE ${hi} ELSE hi${p} END`;
  };
  // A group's search interval: its histograms' own percentiles, or the bins of its positive pieces when it subtracts one.
  const floor = (bin: string) => (asBins ? bin : `metrics_bin_floor(${bin})`);
  const bound = (fn: 'min' | 'max', q: string, edge: string) =>
    signed ? `CASE WHEN bool_and(sign > 0) THEN ${fn}(${q}) ELSE ${fn}(bins[${edge}]) FILTER (WHERE sign > 0) END` : `${fn}(${q})`;
  return [
    `${out}_hist AS MATERIALIZED (
       SELECT b, g, measure, bins, cumulative, n, ${signed ? 'sign' : '1 AS sign'}, ${ownBin(RANK_50('n'))} AS q50, ${ownBin(RANK_90('n'))} AS q90
         FROM (SELECT *, cumulative[cardinality(cumulative)] AS n FROM ${hs}) x)`,
    // One row per group, numbered; targets in integers: ceil(total / 2) and ceil(9 × total / 10).
    `${out}_groups AS MATERIALIZED (
       SELECT row_number() OVER () AS k, b, g, measure, total, ${RANK_50('total')} AS t50, ${RANK_90('total')} AS t90, lo50, hi50, lo90, hi90
         FROM (SELECT b, g, measure, sum(sign * n)::int AS total, ${bound('min', 'q50', '1')} AS lo50, ${bound('max', 'q50', 'cardinality(bins)')} AS hi50,
                      ${bound('min', 'q90', '1')} AS lo90, ${bound('max', 'q90', 'cardinality(bins)')} AS hi90
                 FROM ${out}_hist GROUP BY b, g, measure) x)`,
    // Materialized: otherwise each step of the search joins the histograms to their groups again.
    // Only groups with something to search: one histogram alone (most of a weekly series by outlet) starts found.
    `${out}_keyed AS MATERIALIZED (
       SELECT k.k, h.bins, h.cumulative, h.sign FROM ${out}_hist h JOIN ${out}_groups k ON k.b = h.b AND k.g = h.g AND k.measure = h.measure
        WHERE (k.lo50 < k.hi50 OR k.lo90 < k.hi90)
          -- Evaluated once: with no group to search, the histograms are not joined (nor sorted for the join) at all.
          AND (SELECT bool_or(lo50 < hi50 OR lo90 < hi90) FROM ${out}_groups))`,
    `${out}_search(k, t50, t90, lo50, hi50, lo90, hi90) AS (
       SELECT k, t50, t90, lo50, hi50, lo90, hi90 FROM ${out}_groups WHERE lo50 < hi50 OR lo90 < hi90
       UNION ALL
       SELECT k, t50, t90, ${narrow('50')}, ${narrow('90')}
         FROM (SELECT k, t50, t90, lo50, hi50, lo90, hi90, ${summed('50')}, ${summed('90')}, row_number() OVER w AS nth
                 FROM (SELECT s.k, s.t50, s.t90, s.lo50, s.hi50, s.lo90, s.hi90, ${probe('50')}, ${probe('90')}
                         FROM ${out}_search s JOIN ${out}_keyed h ON h.k = s.k
                        WHERE s.lo50 < s.hi50 OR s.lo90 < s.hi90
                       OFFSET 0) p
               WINDOW w AS (PARTITION BY k)) x
        WHERE nth = 1)`,
    // lo only grows, so each searched group's answer is its largest lo; a group that started found has it already.
    `${out} AS (
       SELECT k.b, k.g, k.measure, k.total,
              CASE WHEN k.total > 0 THEN ${floor('s.lo50')} END AS p50,
              CASE WHEN k.total > 0 THEN ${floor('s.lo90')} END AS p90
         FROM (SELECT k, max(lo50) AS lo50, max(lo90) AS lo90 FROM ${out}_search GROUP BY k) s
         JOIN ${out}_groups k ON k.k = s.k
       UNION ALL
       SELECT b, g, measure, total, CASE WHEN total > 0 THEN ${floor('lo50')} END, CASE WHEN total > 0 THEN ${floor('lo90')} END
         FROM ${out}_groups WHERE (lo50 < hi50 OR lo90 < hi90) IS NOT TRUE)`,
  ];
}

type LiveRead = NonNullable<ReadSource['live']>;

/** The stored facts of a live read on the given days (metric_facts, alias `t` so ticket predicates apply to it). */
export function storedFactsSql(live: Omit<LiveRead, 'to'>, days: string, dayAs = 't.day'): string {
  const predicates = [days, ...(live.ticketPredicates ?? []), ...(live.officerPredicate ? [live.officerPredicate('t.officer')] : [])];
  return `SELECT t.ticket_id, t.kind, t.at, ${dayAs} AS day, t.officer, t.outlet_id, t.channel, t.request_type, t.tags, t.secs, t.bsecs, t.flag, t.delta
            FROM metric_facts t WHERE ${predicates.join(' AND ')}`;
}

/** The backlog before the first day of a live read, per group: the backlog changes of every earlier stored fact. */
export function backlogBeforeSql(live: Omit<LiveRead, 'to'>, dimension: RollupDimension, groupBy: MetricGroup | null): string {
  const group = grouping(groupBy);
  const keys =
    dimension === 'topic'
      ? `SELECT tag AS key, f.delta FROM f CROSS JOIN LATERAL unnest(CASE WHEN cardinality(f.tags) = 0 THEN ARRAY[''] ELSE f.tags END) tag`
      : `SELECT ${dimensionKey(dimension)} AS key, f.delta FROM f`;
  return `WITH f AS (${storedFactsSql(live, `t.day < ${live.from}::date AND t.kind = 'backlog'`)})
    SELECT ${group.expr} AS g, sum(s.delta)::int AS v FROM (${keys}) s ${group.join('s.key')} GROUP BY 1`;
}

/** One statement: counters and nearest-rank percentiles per (bucket, group), and the backlog at each bucket's end. */
/** Whether a read's percentiles come back as histogram text for the repository to merge (it reads some measure). */
export const mergesPercentiles = (read: AggregateRead): boolean => read.percentiles === 'merge' && !!read.measures;

export function aggregateSql(params: SqlParams, read: AggregateRead): string {
  const { source } = read;
  const group = grouping(read.groupBy, source.dimension);
  let dimensionParam: string | null = null;
  const dimension = () => (dimensionParam ??= `${params.add(source.dimension)}::text`);
  const keyPredicate = (column: string) => (source.keyPredicate ? source.keyPredicate(column) : 'true');
  // The measures read, each once (a series passes its one measure three times, which the planner would count thrice);
  // the three in order only where a statement tells them apart (added when used: a parameter no statement uses has no type).
  const measures = read.measures ? params.add([...new Set(read.measures)]) : null;
  let orderedParam: string | null = null;
  const ordered = () => (orderedParam ??= params.add(read.measures));
  // Only a subtracted piece needs the signed search (a group's own percentiles bound nothing then).
  const signed = !!(source.pieces?.list.some((piece) => piece.sign < 0) && measures);
  const merged = mergesPercentiles(read);
  if (merged && signed) throw new Error('merged percentiles take added histograms only');
  // Pieces of the series' own grain are alone in their (bucket, group) when a group is a stored key.
  const loneGrain = read.loneGrain && measures && !merged && !source.pieces && group.expr === 's.key' ? read.loneGrain : null;

  const ctes: string[] = [];
  if (source.live) {
    // Facts are aggregated straight into their bucket: one histogram per bucket and group, not one per day.
    ctes.push(
      `facts AS (${storedFactsSql(
        source.live,
        `t.day >= ${source.live.from}::date AND t.day <= ${source.live.to}::date`,
        read.bucket('t.day'),
      )})`,
      aggregateCtes([source.dimension], measures ?? undefined),
    );
  }
  // One branch per grain, each an index range on (dimension, grain, period): an OR of grains is not.
  const grains = source.stored
    ? (['day', 'week', 'month', 'quarter'] as const)
        .map((grain) => ({ grain, periods: source.stored![`${grain}s`] }))
        .filter((piece) => piece.periods.length)
        .map((piece) => ({ grain: piece.grain, periods: params.add(piece.periods) }))
    : [];
  const storedWhere = (alias: string, piece: { grain: string; periods: string }) =>
    `${alias}.dimension = ${dimension()} AND ${alias}.grain = '${piece.grain}' AND ${alias}.period = ANY(${piece.periods}::date[]) AND ${keyPredicate(`${alias}.key`)}`;
  const counters = read.counters !== false;
  let lone = false;
  // Without counters, the keys alone: an index-only range of the primary key instead of the rows (a weekly series by outlet: 21,200).
  const counterColumns = (alias: string, period: string) => (counters ? `${period}, ${alias}.key, ${COUNTER_COLUMNS.map((c) => `${alias}.${c}`).join(', ')}` : `${alias}.key`);
  const counterBranches = [
    ...grains.map((piece) => `SELECT ${counterColumns('r', 'r.period')} FROM metric_rollups r WHERE ${storedWhere('r', piece)}`),
    source.live ? `SELECT ${counterColumns('a', 'a.day AS period')} FROM agg_counters a WHERE ${keyPredicate('a.key')}` : null,
  ].filter(Boolean);
  ctes.push(
    counterBranches.length
      ? `src_c AS (${counterBranches.join('\n UNION ALL ')})`
      : `src_c AS (SELECT ${counterColumns('r', 'r.period')} FROM metric_rollups r WHERE false)`,
  );
  if (measures) {
    // One row per histogram: sorted bins and their running totals.
    const chosen = source.pieces;
    // With subtracted pieces, each histogram carries the sign it is summed with.
    const sign = (value: 1 | -1) => (signed ? `, ${value} AS sign` : '');
    const openDays = chosen ? source.stored!.days.filter((day) => day > chosen.closedTo) : [];
    // One index range per grain and sign (the months between a rest of month and a month to date: one branch).
    const byGrain = new Map<string, { grain: string; sign: 1 | -1; periods: string[] }>();
    for (const piece of chosen?.list ?? []) {
      const key = `${piece.grain} ${piece.sign}`;
      byGrain.set(key, { grain: piece.grain, sign: piece.sign, periods: [...(byGrain.get(key)?.periods ?? []), piece.period] });
    }
    const histogramPieces = chosen
      ? [
          ...[...byGrain.values()].map((piece) => ({ where: storedWhere('h', { grain: piece.grain, periods: params.add(piece.periods) }), sign: piece.sign })),
          ...(openDays.length ? [{ where: storedWhere('h', { grain: 'day', periods: params.add(openDays) }), sign: 1 as const }] : []),
        ]
      : grains.filter((piece) => piece.grain !== loneGrain).map((piece) => ({ where: storedWhere('h', piece), sign: 1 as const }));
    const lonePieces = chosen ? [] : grains.filter((piece) => piece.grain === loneGrain);
    if (lonePieces.length) {
      ctes.push(`src_l AS (${lonePieces
        // `own IS NOT NULL` (always true of these rows) lets the planner read them from the index that carries `own`.
        .map((piece) => `SELECT h.period, h.key, h.measure, h.own FROM metric_rollup_histograms h WHERE ${storedWhere('h', piece)} AND h.measure = ANY(${measures}::text[]) AND h.own IS NOT NULL`)
        .join('\n UNION ALL ')})`);
      lone = true;
    }
    // Merged, a histogram is its text, kept in its row: officer × outlet's and outlet × topic's its bins and running
    // totals (merge_text), team × outlet's `c`, its bins and its counts (merge_counts: running totals would take the slow
    // metrics_cumulative); written out at read time as the latter for any other (histogram-merge.ts reads both).
    const stored = merged ? `coalesce(h.merge_text, h.merge_counts, 'c' || h.bins::text || h.counts::text) AS txt` : `h.bins, h.cumulative`;
    const live = (bins: string, counts: string) => (merged ? `'c' || ${bins}::text || ${counts}::text AS txt` : `${bins} AS bins, metrics_cumulative(${counts}) AS cumulative`);
    const histogramBranches = [
      ...histogramPieces.map(
        (piece) => `SELECT h.period, h.key, h.measure, ${stored}${sign(piece.sign)} FROM metric_rollup_histograms h
            WHERE ${piece.where} AND h.measure = ANY(${measures}::text[])`,
      ),
      source.live
        ? `SELECT a.day AS period, a.key, a.measure, ${live('array_agg(a.bin ORDER BY a.bin)::smallint[]', 'array_agg(a.n ORDER BY a.bin)::int[]')}${sign(1)}
             FROM agg_bins a WHERE a.measure = ANY(${measures}::text[]) AND ${keyPredicate('a.key')} GROUP BY 1, 2, 3`
        : null,
    ].filter(Boolean);
    ctes.push(
      histogramBranches.length
        ? `src_h AS (${histogramBranches.join('\n UNION ALL ')})`
        : `src_h AS (SELECT h.period, h.key, h.measure, ${stored} FROM metric_rollup_histograms h WHERE false)`,
    );
  } else {
    ctes.push(`src_h AS (SELECT NULL::date AS period, NULL::text AS key, NULL::text AS measure, NULL::smallint[] AS bins, NULL::int[] AS cumulative WHERE false)`);
  }
  ctes.push(
    counters
      ? `c AS (SELECT ${read.bucket('s.period')} AS b, ${group.expr} AS g,
                  ${[...COUNTERS, 'backlog_change'].map((c) => `sum(s.${c})::int AS ${c}`).join(', ')}
             FROM src_c s ${group.join('s.key')} GROUP BY 1, 2)`
      : // One row per group with no bucket: it joins no grid row, so every counter reads 0.
        `c AS (SELECT NULL::date AS b, ${group.expr} AS g, ${[...COUNTERS, 'backlog_change'].map((c) => `0 AS ${c}`).join(', ')}
             FROM (SELECT DISTINCT key FROM src_c) s ${group.join('s.key')} GROUP BY 2)`,
    `hs AS (SELECT ${read.bucket('s.period')} AS b, ${group.expr} AS g, s.measure, ${merged ? 's.txt' : 's.bins, s.cumulative'}${signed ? ', s.sign' : ''}
             FROM src_h s ${group.join('s.key')})`,
  );
  // Merged: one text value per (bucket, group, measure), its histograms' texts one after another.
  const histogramText = (index: number) => `string_agg(txt, '') FILTER (WHERE measure = (${ordered()}::text[])[${index}])`;
  if (merged) ctes.push(`hm AS (SELECT b, g, ${histogramText(1)} AS ack_h, ${histogramText(2)} AS frt_h, ${histogramText(3)} AS res_h FROM hs GROUP BY b, g)`);
  else if (!counters) {
    // A series of a duration: each point as its bucket's day number in the range and {count, median bin, 90th
    // percentile bin}, as a lone histogram keeps them in `own` (the search gives bins too; the repository turns bins into
    // seconds). Cheaper to write than dates and seconds: 21,200 points of a weekly series by outlet at 1M, 37 ms instead of 53.
    ctes.push(
      ...percentileSearchCtes('hs', 'qs', SEARCH_WAYS, signed, true),
      `qp AS (SELECT b, g, ARRAY[total, p50, p90] AS o FROM qs${lone ? `
             UNION ALL
             SELECT ${read.bucket('s.period')}, s.key, s.own FROM src_l s` : ''})`,
    );
  } else if (!lone) ctes.push(...percentileSearchCtes('hs', 'q', SEARCH_WAYS, signed));
  else {
    // A lone histogram's percentiles are its own, kept in its row ({count, median bin, 90th percentile bin}:
    // metrics_histogram_own, the bins the search starts from; every single dimension's day, week and month row has
    // it, and only those are lone). Read as the column itself: an expression around it (a coalesce with the function)
    // kept metrics_bin_floor from being inlined, and calling it 41,600 times took 200 ms.
    const own = (bin: string) => `CASE WHEN s.own[1] > 0 THEN metrics_bin_floor(${bin}) END`;
    ctes.push(
      ...percentileSearchCtes('hs', 'qs', SEARCH_WAYS, signed),
      `q AS (SELECT b, g, measure, total, p50, p90 FROM qs
             UNION ALL
             SELECT ${read.bucket('s.period')}, s.key, s.measure, s.own[1], ${own('s.own[2]')}, ${own('s.own[3]')} FROM src_l s)`,
    );
  }
  if ('storedBefore' in read.baseline) {
    const before = read.baseline.storedBefore;
    const plus = [...(read.baseline.plus ?? [])];
    const given = plus.length
      ? `UNION ALL SELECT * FROM unnest(${params.add(plus.map(([g]) => g))}::text[], ${params.add(plus.map(([, v]) => v))}::int[])`
      : '';
    ctes.push(`base AS (
      SELECT g, sum(v)::int AS v FROM (
        SELECT ${group.expr} AS g, s.backlog_change AS v FROM metric_rollups s ${group.join('s.key')}
         WHERE s.dimension = ${dimension()} AND ${keyPredicate('s.key')}
           AND ((s.grain = 'month' AND s.period < ${params.add(before.month)}::date)
             OR (s.grain = 'day' AND s.period >= ${params.add(before.month)}::date AND s.period < ${params.add(before.day)}::date))
        ${given}) x
       GROUP BY 1)`);
  } else {
    const given = [...read.baseline.given];
    ctes.push(`base AS (SELECT * FROM unnest(${params.add(given.map(([g]) => g))}::text[], ${params.add(given.map(([, v]) => v))}::int[]) AS b(g, v))`);
  }
  ctes.push(
    // A group with nothing in the range and nothing open at its start is left out.
    `grp AS (SELECT g FROM c UNION SELECT g FROM base WHERE v <> 0${read.groupBy ? '' : ` UNION SELECT ''`})`,
    `grid AS (SELECT b, g FROM unnest(${params.add(read.buckets)}::date[]) AS b, grp)`,
  );
  // One row per (bucket, group) with the three measures side by side, joined once on both columns: three joins
  // to q on a misestimated row count made a weekly series by outlet merge 1.1 M rows (docs/benchmarks.md).
  const quantiles = (index: number, prefix: string) =>
    measures
      ? ['total', 'p50', 'p90'].map((column) => `max(${column}) FILTER (WHERE measure = (${ordered()}::text[])[${index}]) AS ${prefix}_${column === 'total' ? 'n' : column}`).join(', ')
      : ['n', 'p50', 'p90'].map((column) => `NULL::int AS ${prefix}_${column}`).join(', ');
  // Merged, the histograms' text (3.4 MB for a team by outlet at 1M) is joined last and never sorted: sorting it twice,
  // for the backlog's window and for the order of the rows, was 24 ms of a 106 ms statement. The rows come in any
  // order with their place (`ord`) in (bucket, group) order, and the repository puts them in it.
  if (!counters && merged) {
    // A series of a duration, merged by the repository: its one measure's histograms.
    return `WITH RECURSIVE ${ctes.join(',\n')}
    SELECT x.period, x.grp, hm.ack_h AS h, x.ord
      FROM (SELECT grid.b, grid.g, grid.b::text AS period, grid.g AS grp, row_number() OVER (ORDER BY grid.b, grid.g)::int AS ord FROM grid) x
      LEFT JOIN hm ON hm.b = x.b AND hm.g = x.g`;
  }
  if (!counters) {
    // A series of a duration (one measure, three times over): its points' counts and percentiles, and nothing else.
    // One row per group, in group order, its points as text in no particular order (`0{3,40,70}7{2,30,30}…`: the
    // bucket's day in the range, then count, median bin and 90th percentile bin; a bucket without one is left out): a
    // weekly series by outlet is 397 rows, not 21,438 the driver parses one by one, and no grid of every bucket and group
    // is sorted, nor the points within a group (the repository places each by its bucket). The repository makes the
    // points bucket by bucket, group by group (pointsOf), and the service answers with them as they are.
    return `WITH RECURSIVE ${ctes.join(',\n')},
    qg AS (SELECT g, string_agg((b - ${params.add(read.buckets[0])}::date)::text || o::text, '') AS points FROM qp GROUP BY g)
    SELECT grp.g AS grp, qg.points
      FROM grp
      LEFT JOIN qg ON qg.g = grp.g
     ORDER BY grp.g`;
  }
  const backlog = '(coalesce(base.v, 0) + sum(coalesce(c.backlog_change, 0)) OVER (PARTITION BY grid.g ORDER BY grid.b))::int';
  if (merged) {
    return `WITH RECURSIVE ${ctes.join(',\n')}
    SELECT x.period, x.grp, ${COUNTERS.map((c) => `x.${c}`).join(', ')}, hm.ack_h, hm.frt_h, hm.res_h, x.backlog, x.ord
      FROM (SELECT grid.b, grid.g, grid.b::text AS period, grid.g AS grp, ${COUNTERS.map((c) => `coalesce(c.${c}, 0) AS ${c}`).join(', ')},
                   ${backlog} AS backlog, row_number() OVER (ORDER BY grid.b, grid.g)::int AS ord
              FROM grid
              LEFT JOIN c ON c.b = grid.b AND c.g = grid.g
              LEFT JOIN base ON base.g = grid.g) x
      LEFT JOIN hm ON hm.b = x.b AND hm.g = x.g`;
  }
  ctes.push(`qm AS (SELECT b, g, ${quantiles(1, 'ack')}, ${quantiles(2, 'frt')}, ${quantiles(3, 'res')} FROM q GROUP BY b, g)`);
  const durationColumns = ['ack', 'frt', 'res'].flatMap((prefix) => ['n', 'p50', 'p90'].map((column) => `qm.${prefix}_${column}`));
  return `WITH RECURSIVE ${ctes.join(',\n')}
    SELECT grid.b::text AS period, grid.g AS grp,
           ${COUNTERS.map((c) => `coalesce(c.${c}, 0) AS ${c}`).join(', ')},
           ${durationColumns.join(', ')},
           ${backlog} AS backlog
      FROM grid
      LEFT JOIN c ON c.b = grid.b AND c.g = grid.g
      LEFT JOIN qm ON qm.b = grid.b AND qm.g = grid.g
      LEFT JOIN base ON base.g = grid.g
     ORDER BY grid.b, grid.g`;
}

export interface PointInTime {
  /** SQL instant: the backlog is what was unresolved just before it. */
  at: string;
  ticketPredicates: string[];
  officerPredicate?: (column: string) => string;
}

/**
 * CTEs ending in `open_at(id, created_at, officer, outlet_id, channel, request_type, tags)`: the
 * tickets unresolved just before the instant, from the event log. Only tickets that could be
 * (created before, and not resolved for good before it) are examined.
 */
export function openAtCtes(point: PointInTime): string {
  const predicates = point.ticketPredicates.map((predicate) => `AND ${predicate}`).join(' ');
  return [
    `cand AS MATERIALIZED (
       SELECT t.id, t.status, t.assignee_id, t.outlet_id, t.channel, t.request_type, t.tags, t.created_at
         FROM tickets_view t
        WHERE t.created_at < ${point.at} AND (t.resolved_at IS NULL OR t.resolved_at >= ${point.at} OR t.reopen_count > 0) ${predicates})`,
    ...timelineCtes('cand'),
    `open_at AS (
       SELECT x.* FROM (
         SELECT c.id, c.created_at, c.outlet_id, c.channel, c.request_type, c.tags,
                CASE WHEN s.ticket_id IS NOT NULL THEN s.v ELSE c.status END AS status_at,
                CASE WHEN o.ticket_id IS NOT NULL THEN o.v ELSE c.assignee_id END AS officer
           FROM cand c
           LEFT JOIN st_iv s ON s.ticket_id = c.id AND s.f < ${point.at} AND ${point.at} <= s.u
           LEFT JOIN asg_iv o ON o.ticket_id = c.id AND o.f < ${point.at} AND ${point.at} <= o.u) x
        WHERE x.status_at NOT IN ('resolved', 'closed') ${point.officerPredicate ? `AND ${point.officerPredicate('x.officer')}` : ''})`,
  ].join(',\n');
}

// --- filters and buckets as SQL (the metrics service chooses them; the repositories run them) ---

/** A row's bucket: the start of its day, week or month (never before the range's first day), or the range for a summary. */
export function bucketOf(granularity: MetricGranularity | null, from: string): (column: string) => string {
  return granularity ? (column) => `greatest(date_trunc('${granularity}', ${column}::timestamp)::date, ${from}::date)` : () => `${from}::date`;
}

/** Which stored keys a filter selects (a single dimension's key, or a part of a pair's). */
export function keyPredicateOf(params: SqlParams, filters: ReadFilters, dimension: StoredDimension): ((column: string) => string) | undefined {
  const parts: ((column: string) => string)[] = [];
  const key = (value: string) => (value === 'none' ? '' : value);
  const index = (part: PartDimension) => (isPair(dimension) ? pairIndex(dimension, part) : null);
  const on = (part: PartDimension) => (column: string) => {
    const at = index(part);
    return at ? pairPart(column, at) : column;
  };
  // An exact first part of a pair key is also a range of keys, so the index narrows to it.
  const equals = (part: PartDimension, value: string) => (column: string) =>
    index(part) === 1 ? `${column} >= ${value} || chr(31) AND ${column} < ${value} || chr(32) AND ${on(part)(column)} = ${value}` : `${on(part)(column)} = ${value}`;
  if (filters.officer) parts.push(equals('officer', params.add(key(filters.officer))));
  if (filters.team && isPair(dimension) && PAIR_PARTS[dimension].includes('team')) parts.push(equals('team', params.add(filters.team)));
  else if (filters.team) {
    const team = params.add(filters.team);
    parts.push((column) => `${on('officer')(column)} IN (SELECT user_id::text FROM team_members_view WHERE team_id = ${team}::uuid)`);
  }
  if (filters.outlet) parts.push(equals('outlet', params.add(key(filters.outlet))));
  if (filters.tier) {
    const stored = dimension === 'tier' || (isPair(dimension) && PAIR_PARTS[dimension].includes('tier'));
    if (stored) parts.push(equals('tier', params.add(key(filters.tier))));
    else if (filters.tier === 'none') parts.push((column) => `(${on('outlet')(column)} = '' OR ${on('outlet')(column)} IN (SELECT id::text FROM outlets_view WHERE tier IS NULL))`);
    else {
      const tier = params.add(filters.tier);
      parts.push((column) => `${on('outlet')(column)} IN (SELECT id::text FROM outlets_view WHERE tier = ${tier})`);
    }
  }
  if (filters.topic) parts.push(equals('topic', params.add(key(filters.topic))));
  if (filters.channel) parts.push(equals('channel', params.add(filters.channel)));
  if (filters.requestType) parts.push(equals('request_type', params.add(filters.requestType)));
  return parts.length ? (column) => parts.map((part) => part(column)).join(' AND ') : undefined;
}

/** Filters on the ticket's current values, for live reads (alias `t`). */
export function ticketPredicatesOf(params: SqlParams, filters: ReadFilters): string[] {
  const predicates: string[] = [];
  if (filters.outlet) predicates.push(filters.outlet === 'none' ? 't.outlet_id IS NULL' : `t.outlet_id = ${params.add(filters.outlet)}::uuid`);
  if (filters.tier === 'none') predicates.push('(t.outlet_id IS NULL OR t.outlet_id IN (SELECT id FROM outlets_view WHERE tier IS NULL))');
  else if (filters.tier) predicates.push(`t.outlet_id IN (SELECT id FROM outlets_view WHERE tier = ${params.add(filters.tier)})`);
  if (filters.topic) predicates.push(filters.topic === 'none' ? 'cardinality(t.tags) = 0' : `t.tags @> ARRAY[${params.add(filters.topic)}]::text[]`);
  if (filters.channel) predicates.push(`t.channel = ${params.add(filters.channel)}`);
  if (filters.requestType) predicates.push(`t.request_type = ${params.add(filters.requestType)}`);
  return predicates;
}

/** Filters on the officer holding the ticket at the measured moment, for live reads. */
export function officerPredicateOf(params: SqlParams, filters: ReadFilters): ((column: string) => string) | undefined {
  const parts: ((column: string) => string)[] = [];
  if (filters.officer === 'none') parts.push((column) => `${column} IS NULL`);
  else if (filters.officer) {
    const officer = params.add(filters.officer);
    parts.push((column) => `${column} = ${officer}::uuid`);
  }
  if (filters.team) {
    const team = params.add(filters.team);
    parts.push((column) => `${column} IN (SELECT user_id FROM team_members_view WHERE team_id = ${team}::uuid)`);
  }
  return parts.length ? (column) => parts.map((part) => part(column)).join(' AND ') : undefined;
}
