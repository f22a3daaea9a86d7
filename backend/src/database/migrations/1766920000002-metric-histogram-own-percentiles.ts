import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A single dimension's day, week and month histograms keep their own count and the bins of their own median and 90th
 * percentile (`own`: {count, median bin, 90th percentile bin}, nearest rank as the percentile search finds them),
 * computed once when the row is written. A series' whole buckets are each their group's only histogram, and their
 * percentiles are these (a weekly series by outlet reads 20,800 of them at 1M tickets): three numbers read instead of
 * found in the arrays of every row. Pairs and running histograms are never read that way (a pair's group is a part of
 * its key) and keep none. A stored generated column rewrites the table (at 1M tickets, 15 million histograms: 3 min);
 * the function runs for the 1.6 million that keep one.
 */
export class MetricHistogramOwnPercentiles1766920000002 implements MigrationInterface {
  name = 'MetricHistogramOwnPercentiles1766920000002';

  async up(db: QueryRunner): Promise<void> {
    // The count is the sum of the counts, a percentile's bin the first whose running total reaches its rank, ⌈p·n⌉ in
    // integers (metric-reads.sql.ts, RANK_50 and RANK_90); all null when the histogram is empty. PL/pgSQL, one pass:
    // the SQL of the search (width_bucket over metrics_cumulative) would run the running totals' aggregate three times.
    await db.query(`
      CREATE FUNCTION metrics_histogram_own(bins smallint[], counts integer[]) RETURNS integer[]
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        n integer := 0;
        seen integer := 0;
        t50 integer;
        t90 integer;
        b50 integer;
        c integer;
      BEGIN
        IF cardinality(counts) = 0 THEN
          RETURN ARRAY[NULL, NULL, NULL]::integer[];
        END IF;
        FOREACH c IN ARRAY counts LOOP
          n := n + c;
        END LOOP;
        t50 := (n + 1) / 2;
        t90 := (9 * n + 9) / 10;
        FOR i IN 1 .. cardinality(counts) LOOP
          seen := seen + counts[i];
          IF b50 IS NULL AND seen >= t50 THEN
            b50 := bins[i];
          END IF;
          IF seen >= t90 THEN
            RETURN ARRAY[n, b50, bins[i]];
          END IF;
        END LOOP;
        RETURN ARRAY[n, b50, NULL];
      END
      $$`);
    await db.query(`
      ALTER TABLE metric_rollup_histograms ADD COLUMN own integer[] STORAGE MAIN
        GENERATED ALWAYS AS (
          CASE WHEN grain IN ('day', 'week', 'month') AND dimension IN ('all', 'officer', 'outlet', 'tier', 'topic', 'channel', 'request_type')
               THEN metrics_histogram_own(bins, counts) END) STORED`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollup_histograms DROP COLUMN own`);
    await db.query(`DROP FUNCTION metrics_histogram_own`);
  }
}
