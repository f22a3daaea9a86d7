import pg from 'pg';
import { BIN_COUNT, binFloor, mergedPercentiles } from '../src/metrics/histogram-merge.js';
import { percentileSearchCtes } from '../src/metrics/metric-reads.sql.js';
import { connectDatabase } from './database.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be reproduced. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Histogram {
  b: string;
  g: string;
  measure: string;
  bins: number[];
  counts: number[];
}

/** Nearest rank on the merged histogram, the plain way: the smallest bin with at least ceil(p × total) at or under it. */
function nearestRank(histograms: Histogram[], fraction: number): number {
  const merged = new Map<number, number>();
  for (const histogram of histograms) histogram.bins.forEach((bin, index) => merged.set(bin, (merged.get(bin) ?? 0) + histogram.counts[index]));
  const total = [...merged.values()].reduce((sum, n) => sum + n, 0);
  const target = Math.ceil(fraction * total - 1e-9);
  let seen = 0;
  for (const bin of [...merged.keys()].sort((a, b) => a - b)) {
    seen += merged.get(bin)!;
    if (seen >= target) return bin;
  }
  throw new Error('empty histogram');
}

/** Groups of random stored histograms: one histogram of one duration up to many wide ones, bins at both ends included. */
function randomHistograms(seed: number): Histogram[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const histograms: Histogram[] = [];
  for (let group = 0; group < 80; group++) {
    const b = group % 2 ? '2026-03-02' : '2026-03-09';
    const g = group % 7 === 0 ? '' : `key-${group % 40}`;
    const measure = group % 3 ? 'first_response' : 'resolution';
    if (histograms.some((h) => h.b === b && h.g === g && h.measure === measure)) continue;
    // Anything from one histogram holding one duration to many wide ones; bins at both ends included.
    const count = group % 5 === 0 ? 1 : 1 + pick(14);
    for (let i = 0; i < count; i++) {
      // Few durations of one each (group % 4 === 0) is where an off-by-one in the target shows.
      const few = group % 4 === 0;
      const size = group % 11 === 0 ? 1 : few ? 1 + pick(3) : 1 + pick(60);
      const bins = new Set<number>();
      while (bins.size < size) bins.add(pick(10) === 0 ? [0, 858][pick(2)] : pick(859));
      const sorted = [...bins].sort((x, y) => x - y);
      histograms.push({ b, g, measure, bins: sorted, counts: sorted.map(() => (few || pick(4) === 0 ? 1 : 1 + pick(400))) });
    }
  }
  return histograms;
}

describe('percentiles over many stored histograms', () => {
  let testApp: TestApp;
  let db: pg.Client;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('finds by binary search over running totals exactly the nearest rank of the merged histogram', async () => {
    const histograms = randomHistograms(20261128);
    await db.query(`CREATE TABLE percentile_fixture (b date, g text, measure text, bins smallint[], counts integer[])`);
    for (const h of histograms) {
      await db.query(`INSERT INTO percentile_fixture VALUES ($1, $2, $3, $4, $5)`, [h.b, h.g, h.measure, h.bins, h.counts]);
    }

    const { rows } = await db.query(
      `WITH RECURSIVE hs AS (SELECT b, g, measure, bins, metrics_cumulative(counts) AS cumulative FROM percentile_fixture),
       ${percentileSearchCtes('hs', 'q').join(',\n')}
       SELECT b::text AS b, g, measure, total, p50, p90 FROM q ORDER BY b, g, measure`,
    );

    const groups = new Map<string, Histogram[]>();
    for (const h of histograms) groups.set(`${h.b}|${h.g}|${h.measure}`, [...(groups.get(`${h.b}|${h.g}|${h.measure}`) ?? []), h]);
    // The order of ORDER BY b, g, measure (C collation): compare the parts, not the joined key.
    const keys = [...groups.keys()].sort((x, y) => {
      const [a, b] = [x.split('|'), y.split('|')];
      for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      return 0;
    });
    const expectedBins = keys.flatMap((key) => [nearestRank(groups.get(key)!, 0.5), nearestRank(groups.get(key)!, 0.9)]);
    const floors = (await db.query(`SELECT metrics_bin_floor(bin) AS seconds FROM unnest($1::int[]) WITH ORDINALITY AS u(bin, i) ORDER BY i`, [expectedBins])).rows.map(
      (row: { seconds: number }) => row.seconds,
    );
    const expected = keys.map((key, index) => {
      const [b, g, measure] = key.split('|');
      const total = groups.get(key)!.reduce((sum, h) => sum + h.counts.reduce((a, n) => a + n, 0), 0);
      return { b, g, measure, total, p50: floors[2 * index], p90: floors[2 * index + 1] };
    });

    expect(rows.length).toBeGreaterThan(60);
    expect(rows).toEqual(expected);
  });

  it('merges histograms sent as text (the pair reads) into exactly the nearest rank of the merged histogram', async () => {
    const histograms = randomHistograms(20261207);
    await db.query(`CREATE TABLE merge_fixture (b date, g text, measure text, bins smallint[], counts integer[])`);
    for (const h of histograms) await db.query(`INSERT INTO merge_fixture VALUES ($1, $2, $3, $4, $5)`, [h.b, h.g, h.measure, h.bins, h.counts]);
    // The text the pair reads send (metric-reads.sql.ts, \`hm\`): each histogram's bins, then its running totals.
    const { rows } = await db.query<{ key: string; h: string }>(
      `SELECT b::text || '|' || g || '|' || measure AS key, string_agg(bins::text || metrics_cumulative(counts)::text, '') AS h FROM merge_fixture GROUP BY b, g, measure`,
    );
    const groups = new Map<string, Histogram[]>();
    for (const h of histograms) groups.set(`${h.b}|${h.g}|${h.measure}`, [...(groups.get(`${h.b}|${h.g}|${h.measure}`) ?? []), h]);
    expect(rows.length).toBe(groups.size);
    expect(rows.length).toBeGreaterThan(60);
    for (const row of rows) {
      const group = groups.get(row.key)!;
      const total = group.reduce((sum, h) => sum + h.counts.reduce((a, n) => a + n, 0), 0);
      expect({ key: row.key, ...mergedPercentiles(row.h) }).toEqual({ key: row.key, n: total, p50: binFloor(nearestRank(group, 0.5)), p90: binFloor(nearestRank(group, 0.9)) });
    }
  });

  it("stores each histogram's own count, median and 90th percentile bins as the nearest rank of that histogram alone", async () => {
    const histograms = randomHistograms(20261208);
    const { rows } = await db.query<{ own: (number | null)[] }>(
      `SELECT metrics_histogram_own(h.bins::smallint[], h.counts::int[]) AS own FROM jsonb_to_recordset($1::jsonb) AS h(i int, bins int[], counts int[]) ORDER BY h.i`,
      [JSON.stringify(histograms.map((h, i) => ({ i, bins: h.bins, counts: h.counts })))],
    );
    expect(rows.length).toBe(histograms.length);
    expect(rows.map((row) => row.own)).toEqual(
      histograms.map((h) => [h.counts.reduce((sum, n) => sum + n, 0), nearestRank([h], 0.5), nearestRank([h], 0.9)]),
    );
    // Nothing in it: no count, no percentiles (a read reports none).
    expect((await db.query(`SELECT metrics_histogram_own('{}'::smallint[], '{}'::int[]) AS own`)).rows).toEqual([{ own: [null, null, null] }]);
  });

  it('reports every bin as metrics_bin_floor does, and refuses histogram text of another shape', async () => {
    const bins = Array.from({ length: BIN_COUNT + 3 }, (_, bin) => bin);
    const { rows } = await db.query<{ seconds: number }>(`SELECT metrics_bin_floor(bin) AS seconds FROM unnest($1::int[]) WITH ORDINALITY AS u(bin, i) ORDER BY i`, [bins]);
    expect(bins.map(binFloor)).toEqual(rows.map((row) => row.seconds));
    // A lone bin, an empty histogram, and nothing at all.
    expect(mergedPercentiles('{7}{3}')).toEqual({ n: 3, p50: 7, p90: 7 });
    expect(mergedPercentiles('{}{}')).toEqual({ n: 0, p50: null, p90: null });
    expect(mergedPercentiles('')).toEqual({ n: 0, p50: null, p90: null });
    expect(() => mergedPercentiles('{1,2}{3}')).toThrow(/2 bins but 1 running totals/);
    expect(() => mergedPercentiles('{1,2}')).toThrow(/bins without running totals/);
    expect(() => mergedPercentiles('{-1}{2}')).toThrow(/unexpected "-"/);
    expect(() => mergedPercentiles(`{${BIN_COUNT}}{1}`)).toThrow(/out of range/);
    // A refused text leaves nothing behind for the next merge.
    expect(() => mergedPercentiles('{5,900}{4,5}')).toThrow(/out of range/);
    expect(mergedPercentiles('{3,9}{1,2}')).toEqual({ n: 2, p50: 3, p90: 9 });
    // Marked c: counts, not running totals (team × outlet, written at read time), alone and among running totals.
    expect(mergedPercentiles('c{3,9}{1,2}')).toEqual({ n: 3, p50: 9, p90: 9 });
    expect(mergedPercentiles('{3}{4}c{9,200}{2,1}{9}{1}')).toEqual({ n: 8, p50: 3, p90: binFloor(200) });
    expect(() => mergedPercentiles('c{3,9}{1}')).toThrow(/2 bins but 1 running totals/);
  });

  it('finds the nearest rank of a prefix minus an earlier prefix plus edge pieces, as outlets over whole months are read', async () => {
    const next = random(20261207);
    const pick = (n: number) => Math.floor(next() * n);
    const histogram = (size: number): { bins: number[]; counts: number[] } => {
      const bins = new Set<number>();
      while (bins.size < size) bins.add(pick(10) === 0 ? [0, 858][pick(2)] : pick(859));
      const sorted = [...bins].sort((x, y) => x - y);
      return { bins: sorted, counts: sorted.map(() => (pick(3) === 0 ? 1 : 1 + pick(200))) };
    };
    const merge = (parts: { bins: number[]; counts: number[] }[]) => {
      const merged = new Map<number, number>();
      for (const part of parts) part.bins.forEach((bin, index) => merged.set(bin, (merged.get(bin) ?? 0) + part.counts[index]));
      const bins = [...merged.keys()].sort((x, y) => x - y);
      return { bins, counts: bins.map((bin) => merged.get(bin)!) };
    };
    const pieces: (Histogram & { sign: number })[] = [];
    const expected: { g: string; total: number; p50: number | null; p90: number | null }[] = [];
    for (let group = 0; group < 60; group++) {
      const g = `outlet-${String(group).padStart(2, '0')}`;
      // Before the range (subtracted), the whole months of the range, and edge days and weeks.
      const before = group % 6 === 0 ? [] : Array.from({ length: 1 + pick(5) }, () => histogram(1 + pick(group % 4 === 0 ? 3 : 60)));
      const months = group % 10 === 0 ? [] : Array.from({ length: 1 + pick(12) }, () => histogram(1 + pick(group % 4 === 0 ? 3 : 60)));
      const edges = group % 5 === 0 ? [] : Array.from({ length: pick(6) }, () => histogram(1 + pick(20)));
      const add = (part: { bins: number[]; counts: number[] }, sign: number) => pieces.push({ b: '2026-01-01', g, measure: 'first_response', ...part, sign });
      const last = merge([...before, ...months]);
      // A stored histogram is never empty: a group with nothing before or in its range has no pieces.
      if (!last.bins.length && !edges.length) continue;
      if (last.bins.length) add(last, 1);
      if (before.length) add(merge(before), -1);
      for (const edge of edges) add(edge, 1);
      const inRange = [...months, ...edges].map((part) => ({ b: '', g, measure: '', ...part }));
      const total = inRange.reduce((sum, h) => sum + h.counts.reduce((a, n) => a + n, 0), 0);
      expected.push({ g, total, p50: total ? nearestRank(inRange, 0.5) : null, p90: total ? nearestRank(inRange, 0.9) : null });
    }
    await db.query(`CREATE TABLE signed_fixture (b date, g text, measure text, bins smallint[], counts integer[], sign integer)`);
    for (const h of pieces) await db.query(`INSERT INTO signed_fixture VALUES ($1, $2, $3, $4, $5, $6)`, [h.b, h.g, h.measure, h.bins, h.counts, h.sign]);

    const { rows } = await db.query(
      `WITH RECURSIVE hs AS (SELECT b, g, measure, bins, metrics_cumulative(counts) AS cumulative, sign FROM signed_fixture),
       ${percentileSearchCtes('hs', 'q', undefined, true).join(',\n')}
       SELECT g, total, p50, p90 FROM q ORDER BY g`,
    );
    const floor = async (bin: number | null) =>
      bin === null ? null : ((await db.query(`SELECT metrics_bin_floor($1) AS seconds`, [bin])).rows[0] as { seconds: number }).seconds;
    const floored = [];
    for (const row of expected) floored.push({ g: row.g, total: row.total, p50: await floor(row.p50), p90: await floor(row.p90) });

    expect(pieces.filter((piece) => piece.sign < 0).length).toBeGreaterThan(30);
    expect(rows).toEqual(floored);
  });
});
