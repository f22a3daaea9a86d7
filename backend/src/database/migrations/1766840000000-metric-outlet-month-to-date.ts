import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Month-to-date histograms for the dimension with many groups (outlet): per closed day, every closed
 * day of its month up to it (`month_to_date`), so with the month prefixes any range by outlet reads
 * at most four histograms per group. Computed from the stored day rows by the next refresh
 * (month_to_date_stale), under the rollup lock, not here.
 */
export class MetricOutletMonthToDate1766840000000 implements MigrationInterface {
  name = 'MetricOutletMonthToDate1766840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollup_state ADD COLUMN month_to_date_stale boolean NOT NULL DEFAULT true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'month_to_date'`);
    await db.query(`ALTER TABLE metric_rollup_state DROP COLUMN month_to_date_stale`);
  }
}
