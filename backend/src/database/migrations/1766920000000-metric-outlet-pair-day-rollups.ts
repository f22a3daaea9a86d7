import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Day rows for the pairs with an outlet part too (officer × outlet, outlet × topic), so a range's edge
 * days and today are read as stored rows instead of the day's facts (a year of one topic by outlet at
 * 1M tickets: three edge days were 19,283 facts aggregated on every read). An existing database
 * computes them from its stored facts on the next refresh (day_pairs_stale, every pair's day rows),
 * under the rollup lock, not here; a database without rollups yet computes them in its first rebuild.
 */
export class MetricOutletPairDayRollups1766920000000 implements MigrationInterface {
  name = 'MetricOutletPairDayRollups1766920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE metric_rollup_state SET day_pairs_stale = true`);
  }

  async down(db: QueryRunner): Promise<void> {
    const pairs = `('officer_outlet', 'outlet_topic')`;
    await db.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'day' AND dimension IN ${pairs}`);
    await db.query(`DELETE FROM metric_rollups WHERE grain = 'day' AND dimension IN ${pairs}`);
  }
}
