import type { MigrationInterface, QueryRunner } from 'typeorm';

const PAIRS = `('officer_outlet', 'officer_tier', 'officer_channel', 'officer_request_type', 'officer_topic', 'outlet_topic', 'tier_topic')`;

/**
 * A pair read filtered by a set of first parts (a team: its officers) finds each member's rows
 * through the key's first part; one exact first part is a key range of the primary key already.
 */
export class MetricPairFirstPartIndex1766640000002 implements MigrationInterface {
  name = 'MetricPairFirstPartIndex1766640000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX metric_rollups_pair_first_idx ON metric_rollups (dimension, grain, period, split_part(key, chr(31), 1)) WHERE dimension IN ${PAIRS}`);
    await db.query(
      `CREATE INDEX metric_rollup_histograms_pair_first_idx ON metric_rollup_histograms (dimension, grain, period, split_part(key, chr(31), 1), measure) WHERE dimension IN ${PAIRS}`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX metric_rollup_histograms_pair_first_idx`);
    await db.query(`DROP INDEX metric_rollups_pair_first_idx`);
  }
}
