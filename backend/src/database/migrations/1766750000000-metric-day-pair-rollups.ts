import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Day rows for the pairs without an outlet part (officer × tier, channel, request type, topic; tier ×
 * topic), so a daily series or a range's edge days read stored rows instead of the facts. An existing
 * database computes them from its stored facts on the next refresh (day_pairs_stale), under the
 * rollup lock, not here; a database without rollups yet computes them in its first rebuild.
 */
export class MetricDayPairRollups1766750000000 implements MigrationInterface {
  name = 'MetricDayPairRollups1766750000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollup_state ADD COLUMN day_pairs_stale boolean NOT NULL DEFAULT true`);
  }

  async down(db: QueryRunner): Promise<void> {
    const pairs = `('officer_tier', 'officer_channel', 'officer_request_type', 'officer_topic', 'tier_topic')`;
    await db.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'day' AND dimension IN ${pairs}`);
    await db.query(`DELETE FROM metric_rollups WHERE grain = 'day' AND dimension IN ${pairs}`);
    await db.query(`ALTER TABLE metric_rollup_state DROP COLUMN day_pairs_stale`);
  }
}
