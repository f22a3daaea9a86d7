import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quarter rows (`grain = 'quarter'`, every dimension and pair): the sum of the quarter's month rows, so a
 * whole-range read of a long range takes one row per key for each whole quarter instead of three (at 1M
 * tickets a team's five officers have ~2,000 officer × outlet keys in a month and the same ~2,000 in a
 * quarter). Computed from the stored month rows by the next refresh (quarters_stale), under the rollup
 * lock, not here; a database without rollups yet computes them in its first rebuild.
 */
export class MetricQuarterRollups1766920000001 implements MigrationInterface {
  name = 'MetricQuarterRollups1766920000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_grain_check`);
    await db.query(`ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_grain_check CHECK (grain IN ('day', 'week', 'month', 'quarter'))`);
    await db.query(`ALTER TABLE metric_rollup_state ADD COLUMN quarters_stale boolean NOT NULL DEFAULT true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM metric_rollup_histograms WHERE grain = 'quarter'`);
    await db.query(`DELETE FROM metric_rollups WHERE grain = 'quarter'`);
    await db.query(`ALTER TABLE metric_rollups DROP CONSTRAINT metric_rollups_grain_check`);
    await db.query(`ALTER TABLE metric_rollups ADD CONSTRAINT metric_rollups_grain_check CHECK (grain IN ('day', 'week', 'month'))`);
    await db.query(`ALTER TABLE metric_rollup_state DROP COLUMN quarters_stale`);
  }
}
