import type { MigrationInterface, QueryRunner } from 'typeorm';

const SINGLE = ['all', 'officer', 'outlet', 'tier', 'topic', 'channel', 'request_type'];
const PAIRS = ['officer_outlet', 'officer_tier', 'officer_channel', 'officer_request_type', 'officer_topic', 'outlet_topic', 'tier_topic'];
const list = (names: string[]) => names.map((name) => `'${name}'`).join(', ');

/**
 * Pair rollups (officer × outlet, tier, channel, request type, topic; outlet × topic; tier × topic)
 * by week and month, so a breakdown filtered by a second dimension reads stored rows instead of a
 * year of facts. They are computed from the stored facts by the next refresh (pairs_stale), under
 * the rollup lock, not here.
 */
export class MetricPairRollups1766640000000 implements MigrationInterface {
  name = 'MetricPairRollups1766640000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_dimension_check`);
    await db.query(`ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_dimension_check CHECK (dimension IN (${list([...SINGLE, ...PAIRS])}))`);
    await db.query(`ALTER TABLE metric_rollup_state ADD COLUMN pairs_stale boolean NOT NULL DEFAULT true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM metric_rollup_histograms WHERE dimension IN (${list(PAIRS)})`);
    await db.query(`DELETE FROM metric_rollups WHERE dimension IN (${list(PAIRS)})`);
    await db.query(`ALTER TABLE metric_rollup_state DROP COLUMN pairs_stale`);
    await db.query(`ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_dimension_check`);
    await db.query(`ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_dimension_check CHECK (dimension IN (${list(SINGLE)}))`);
  }
}
