import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Prefix histograms for the dimension with many groups (outlet): by month, every closed day up to
 * the end of the month (`month_prefix`), so the whole months of a breakdown's range merge two
 * histograms per group (the prefix to its last month minus the one before its first) instead of
 * one a month. They are computed from the stored monthly rows by the next refresh
 * (prefixes_stale), under the rollup lock, not here.
 */
export class MetricOutletPrefixes1766740000000 implements MigrationInterface {
  name = 'MetricOutletPrefixes1766740000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollup_state ADD COLUMN prefixes_stale boolean NOT NULL DEFAULT true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'month_prefix'`);
    await db.query(`ALTER TABLE metric_rollup_state DROP COLUMN prefixes_stale`);
  }
}
