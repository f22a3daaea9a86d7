import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Month prefix histograms for the pairs read by outlet (officer × outlet, outlet × topic) as well:
 * the next refresh computes every prefix again (prefixes_stale), under the rollup lock, not here.
 */
export class MetricPairPrefixes1766740000001 implements MigrationInterface {
  name = 'MetricPairPrefixes1766740000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE metric_rollup_state SET prefixes_stale = true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'month_prefix' AND dimension IN ('officer_outlet', 'outlet_topic')`);
  }
}
