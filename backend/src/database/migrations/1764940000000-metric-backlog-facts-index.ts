import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The backlog at the start of a two-dimension read is the sum of every earlier backlog change of
 * the filtered facts: read from one covering index (officer, day, and what the filters and the
 * breakdowns look at) instead of fetching scattered rows of the facts table.
 */
export class MetricBacklogFactsIndex1764940000000 implements MigrationInterface {
  name = 'MetricBacklogFactsIndex1764940000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX metric_facts_backlog_idx ON metric_facts (officer, day) INCLUDE (delta, outlet_id, channel, request_type, tags) WHERE kind = 'backlog'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX metric_facts_backlog_idx`);
  }
}
