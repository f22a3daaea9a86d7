import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The histograms that keep their own percentiles (`own`: a single dimension's day, week and month rows) in an index
 * that carries `own`, so a series' whole buckets are read from the index alone. A weekly series by outlet reads 20,800
 * of them at 1M tickets; through the primary key each is a visit to its wide row (bins, counts, running totals):
 * 33 ms of the statement's 70, from the index alone 21 (docs/benchmarks.md). Partial, so the pairs' and the running
 * pieces' rows are not in it; at 1M tickets it is built in about 6 s.
 */
export class MetricHistogramOwnIndex1766930000000 implements MigrationInterface {
  name = 'MetricHistogramOwnIndex1766930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX metric_rollup_histograms_own_idx ON metric_rollup_histograms (dimension, grain, period, measure, key)
        INCLUDE (own) WHERE own IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX metric_rollup_histograms_own_idx`);
  }
}
