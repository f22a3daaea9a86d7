import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `response_target_minutes`, which the tickets' BEFORE trigger calls for every new row, becomes plpgsql
 * with the same body and result. As a LANGUAGE sql function called from plpgsql it was planned again on
 * every call, and that planning grows with the indexes of the tables it reads: on the full schema a call
 * took about 54 µs against 11 µs as plpgsql, which keeps its plan for the session (docs/benchmarks.md,
 * "## intake", 2026-12-07 14:16). It was never inlined (a body with a subquery is not), so queries that
 * call it per row lose nothing. `contact_search_text` stays SQL: as plpgsql it measured no faster.
 */
export class PlpgsqlResponseTargetMinutes1766870000000 implements MigrationInterface {
  name = 'PlpgsqlResponseTargetMinutes1766870000000';

  async up(db: QueryRunner): Promise<void> {
    // Parameters are qualified with the function's name: a column of the same name could otherwise shadow them.
    await db.query(`
      CREATE OR REPLACE FUNCTION response_target_minutes(outlet uuid, kind text) RETURNS integer
      LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN (SELECT r.minutes FROM response_targets r
                 WHERE (r.tier IS NULL OR r.tier = (SELECT o.tier FROM outlets o WHERE o.id = response_target_minutes.outlet))
                   AND (r.request_type IS NULL OR r.request_type = response_target_minutes.kind)
                 ORDER BY (r.tier IS NOT NULL AND r.request_type IS NOT NULL) DESC, (r.request_type IS NOT NULL) DESC, (r.tier IS NOT NULL) DESC
                 LIMIT 1);
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION response_target_minutes(outlet uuid, kind text) RETURNS integer
      LANGUAGE sql STABLE AS $$
        SELECT r.minutes FROM response_targets r
         WHERE (r.tier IS NULL OR r.tier = (SELECT o.tier FROM outlets o WHERE o.id = outlet))
           AND (r.request_type IS NULL OR r.request_type = kind)
         ORDER BY (r.tier IS NOT NULL AND r.request_type IS NOT NULL) DESC, (r.request_type IS NOT NULL) DESC, (r.tier IS NOT NULL) DESC
         LIMIT 1
      $$`);
  }
}
