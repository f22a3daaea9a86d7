import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Running totals beside each stored duration histogram, so a percentile over many histograms is
 * found by binary search over the bins (`width_bucket` into each histogram's sorted bins, then its
 * running total) instead of unnesting and re-sorting every bin of every histogram: a one-year
 * breakdown by 400 outlets merges 15,000 histograms (1.4 M bins) and took 2.5 s that way.
 */
export class MetricHistogramCumulative1764920000000 implements MigrationInterface {
  name = 'MetricHistogramCumulative1764920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION metrics_cumulative(counts integer[]) RETURNS integer[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(s ORDER BY o), '{}')
          FROM (SELECT o, (sum(n) OVER (ORDER BY o))::int AS s FROM unnest(counts) WITH ORDINALITY AS u(n, o)) x
      $$`);
    // The search reads bins and running totals many times per statement: keep them in the row,
    // uncompressed (a row up to 8 KB is not toasted; past that, counts is compressed first).
    await db.query(`ALTER TABLE metric_rollup_histograms SET (toast_tuple_target = 8160)`);
    await db.query(`ALTER TABLE metric_rollup_histograms ALTER COLUMN bins SET STORAGE MAIN`);
    // A stored generated column rewrites the table, which re-toasts every row under the settings above.
    await db.query(
      `ALTER TABLE metric_rollup_histograms ADD COLUMN cumulative integer[] STORAGE MAIN NOT NULL GENERATED ALWAYS AS (metrics_cumulative(counts)) STORED`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollup_histograms DROP COLUMN cumulative`);
    await db.query(`ALTER TABLE metric_rollup_histograms ALTER COLUMN bins SET STORAGE EXTENDED`);
    await db.query(`ALTER TABLE metric_rollup_histograms RESET (toast_tuple_target)`);
    await db.query(`DROP FUNCTION metrics_cumulative`);
  }
}
