/**
 * Nearest-rank percentiles of many small histograms, merged here rather than searched in SQL.
 *
 * A pair read (one officer by outlet, a team by outlet, a topic by outlet) gives each group a dozen or
 * more stored histograms of two or three bins each (26,000 histograms for a team by outlet over 13 months
 * at 100,000 tickets): the SQL search probes every one of them at every step, while adding their bins up
 * once is a few microseconds each. PostgreSQL sends a group's histograms as one text value, each histogram
 * its bins then their running totals (`{3,125}{2,5}{7}{1}`: bins 3 and 125 with 2 and 3 durations, then bin 7
 * with 1; SQL `metrics_histogram_text`, kept in the outlet pairs' rows as `merge_text`), or, marked `c`, its bins
 * then their counts (`c{3,125}{2,3}`: written at read time for team × outlet, whose rows keep no text); nothing is
 * interpolated, so the answer is the same nearest rank the search finds (docs/metrics.md).
 */

/** Bins 0 to 858 (`metrics_bin`): to the second under 2 min, … , one bin for 60 days or more. */
export const BIN_COUNT = 859;

/** The first second of a bin: the reported duration (SQL `metrics_bin_floor`, which a test compares with this). */
export function binFloor(bin: number): number {
  if (bin < 120) return bin;
  if (bin < 238) return 120 + (bin - 120) * 60;
  if (bin < 502) return 7200 + (bin - 238) * 300;
  if (bin < 646) return 86400 + (bin - 502) * 3600;
  if (bin < 858) return 604800 + (bin - 646) * 21600;
  return 5184000;
}

export interface MergedStats {
  /** Durations in all the histograms together. */
  n: number;
  /** Median and 90th percentile in seconds (the bin's floor); null when there is no duration. */
  p50: number | null;
  p90: number | null;
}

// Buffers for every merge: a merge never yields, so nothing else can use them meanwhile. A histogram has at most
// BIN_COUNT bins (each bin once), so its bins fit in `bins`; nothing is allocated per histogram (a team by outlet
// merges 56,000 of them a request at 1M tickets).
const counts = new Float64Array(BIN_COUNT);
const bins = new Int32Array(BIN_COUNT + 1);
// A histogram's second list (running totals or counts), and where in the text the merge is.
const values = new Int32Array(BIN_COUNT + 1);
let cursor = 0;

/**
 * The merged count and nearest-rank median and 90th percentile of histograms written as
 * `{bins}{running totals}` or `c{bins}{counts}` one after another. Throws on text of any other shape.
 */
export function mergedPercentiles(text: string): MergedStats {
  try {
    return merge(text);
  } catch (error) {
    counts.fill(0);
    throw error;
  }
}

function merge(text: string): MergedStats {
  let low = BIN_COUNT;
  let high = -1;
  cursor = 0;
  // One histogram a turn: `{` bins `}{` running totals (or, after `c`, counts) `}`, each list read number by number in
  // place (a team by outlet was 3.4 MB of this text at 1M tickets: one pass, nothing allocated).
  while (cursor < text.length) {
    const counted = text.charCodeAt(cursor) === 99;
    if (counted) cursor++;
    const binCount = readList(text, bins);
    for (let index = 0; index < binCount; index++) {
      if (bins[index] >= BIN_COUNT) throw new Error(`histogram text: bin ${bins[index]} out of range`);
    }
    if (cursor >= text.length) throw new Error('histogram text: bins without running totals');
    const totals = readList(text, values);
    if (totals !== binCount) throw new Error(`histogram text: ${binCount} bins but ${totals} running totals`);
    let before = 0;
    for (let index = 0; index < binCount; index++) {
      const bin = bins[index];
      counts[bin] += counted ? values[index] : values[index] - before;
      before = values[index];
      if (bin < low) low = bin;
      if (bin > high) high = bin;
    }
  }
  let n = 0;
  for (let bin = low; bin <= high; bin++) n += counts[bin];
  // Nearest rank: the ⌈p·n⌉-th smallest, in integers.
  const t50 = Math.floor((n + 1) / 2);
  const t90 = Math.floor((9 * n + 9) / 10);
  let p50: number | null = null;
  let p90: number | null = null;
  let seen = 0;
  for (let bin = low; bin <= high; bin++) {
    seen += counts[bin];
    counts[bin] = 0;
    if (n > 0 && p50 === null && seen >= t50) p50 = binFloor(bin);
    if (n > 0 && p90 === null && seen >= t90) p90 = binFloor(bin);
  }
  return { n, p50, p90 };
}

function unexpected(text: string, at: number): never {
  throw new Error(at < text.length ? `histogram text: unexpected ${JSON.stringify(text[at])} at ${at}` : 'histogram text: ends inside a histogram');
}

/** Reads the list `{a,b,…}` at the cursor into `into`, moving past it; returns how many numbers it holds. */
function readList(text: string, into: Int32Array): number {
  if (text.charCodeAt(cursor) !== 123) unexpected(text, cursor);
  let code = text.charCodeAt(++cursor);
  if (code === 125) {
    cursor++;
    return 0;
  }
  let count = 0;
  for (;;) {
    const start = cursor;
    let value = 0;
    while (code >= 48 && code <= 57) {
      value = value * 10 + code - 48;
      code = text.charCodeAt(++cursor);
    }
    if (cursor === start) unexpected(text, cursor);
    if (count === into.length) throw new Error(`histogram text: a list of more than ${into.length} numbers`);
    into[count++] = value;
    if (code === 44) code = text.charCodeAt(++cursor);
    else if (code === 125) {
      cursor++;
      return count;
    } else unexpected(text, cursor);
  }
}
