import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rest-of-month histograms for the dimensions with many groups (outlet, topic): per day of a month that
 * has ended, every day from it to the month's end (`rest_of_month`). With the month to date, the closed
 * days of a range that crosses a month boundary are, without subtracting anything, the first day's rest
 * of month, the whole months between and the last day's month to date (30 days by outlet: two histograms
 * per group instead of about eleven). Computed from the stored day rows by the next refresh
 * (rest_of_month_stale), under the rollup lock, not here.
 */
export class MetricRestOfMonth1766880000000 implements MigrationInterface {
  name = 'MetricRestOfMonth1766880000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollup_state ADD COLUMN rest_of_month_stale boolean NOT NULL DEFAULT true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'rest_of_month'`);
    await db.query(`ALTER TABLE metric_rollup_state DROP COLUMN rest_of_month_stale`);
  }
}
