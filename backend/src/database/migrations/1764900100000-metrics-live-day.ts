import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Today is stored too, provisionally: recomputed when a ticket change touches it or a deadline of
 * today passes, so reading a range that includes today costs no more than a closed range.
 */
export class MetricsLiveDay1764900100000 implements MigrationInterface {
  name = 'MetricsLiveDay1764900100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollups ADD COLUMN deadlines_pending integer NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE metric_rollup_state ADD COLUMN live_day date, ADD COLUMN live_computed_at timestamptz`);
    await db.query(`CREATE INDEX metric_dirty_at_idx ON metric_dirty (at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX metric_dirty_at_idx`);
    await db.query(`ALTER TABLE metric_rollup_state DROP COLUMN live_computed_at, DROP COLUMN live_day`);
    await db.query(`ALTER TABLE metric_rollups DROP COLUMN deadlines_pending`);
  }
}
