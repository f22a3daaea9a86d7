import type { MigrationInterface, QueryRunner } from 'typeorm';

const PAIRS = `('officer_outlet', 'officer_tier', 'officer_channel', 'officer_request_type', 'officer_topic', 'outlet_topic', 'tier_topic')`;

/**
 * A pair read filtered on the second part of its key (one outlet by officer, one topic by outlet)
 * finds its rows through the key's second part, instead of reading every pair row of its periods;
 * the first part is a range of the primary key already.
 */
export class MetricPairSecondPartIndex1766640000001 implements MigrationInterface {
  name = 'MetricPairSecondPartIndex1766640000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX metric_rollups_pair_second_idx ON metric_rollups (dimension, grain, period, split_part(key, chr(31), 2)) WHERE dimension IN ${PAIRS}`,
    );
    await db.query(
      `CREATE INDEX metric_rollup_histograms_pair_second_idx ON metric_rollup_histograms (dimension, grain, period, split_part(key, chr(31), 2), measure) WHERE dimension IN ${PAIRS}`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX metric_rollup_histograms_pair_second_idx`);
    await db.query(`DROP INDEX metric_rollups_pair_second_idx`);
  }
}
