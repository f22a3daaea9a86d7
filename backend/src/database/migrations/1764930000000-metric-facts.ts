import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts behind the rollups (one row per measured moment, see metric-facts.sql.ts), stored per
 * office-local day and kept current with the daily rollups. Filters that span two dimensions (an
 * officer and an outlet, say) aggregate these rows instead of recomputing every ticket's timeline
 * from the event log: a one-year summary for one officer by outlet took minutes that way on 1 M
 * tickets. Existing installations get them from a full rollup rebuild, forced below.
 */
export class MetricFacts1764930000000 implements MigrationInterface {
  name = 'MetricFacts1764930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE metric_facts (
        day date NOT NULL,
        ticket_id uuid NOT NULL,
        kind text NOT NULL,
        at timestamptz NOT NULL,
        officer uuid,
        outlet_id uuid,
        channel text,
        request_type text,
        tags text[] NOT NULL DEFAULT '{}',
        secs double precision,
        bsecs double precision,
        flag boolean NOT NULL DEFAULT false,
        delta integer NOT NULL DEFAULT 0
      )`);
    await db.query(`CREATE INDEX metric_facts_day_idx ON metric_facts (day)`);
    await db.query(`CREATE INDEX metric_facts_officer_idx ON metric_facts (officer, day)`);
    await db.query(`CREATE INDEX metric_facts_outlet_idx ON metric_facts (outlet_id, day)`);
    await db.query(`CREATE INDEX metric_facts_tags_idx ON metric_facts USING gin (tags)`);
    // The next refresh rebuilds every rollup, and with them the facts.
    await db.query(`UPDATE metric_rollup_state SET closed_through = NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE metric_facts`);
  }
}
