import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two lookups the tickets' BEFORE triggers call for every new row, `response_target_minutes` and
 * `contact_search_text`, become plpgsql with the same bodies and results. As LANGUAGE sql functions
 * called from a plpgsql trigger they were parsed and planned again on every call (0.37 ms of the
 * 0.58 ms `tickets_response_target` spent per ticket in the intake benchmark was that planning);
 * plpgsql keeps each statement's plan for the session. Neither was ever inlined (a body with a
 * subquery is not), so queries that call them per row lose nothing.
 */
export class PlpgsqlTargetAndContactFunctions1766870000000 implements MigrationInterface {
  name = 'PlpgsqlTargetAndContactFunctions1766870000000';

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
    await db.query(`
      CREATE OR REPLACE FUNCTION contact_search_text(journalist uuid, outlet uuid) RETURNS text
      LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
      BEGIN
        RETURN left(concat_ws(' ',
                 (SELECT concat_ws(' ', j.name, address_search_text(j.email), (SELECT string_agg(address_search_text(a), ' ') FROM unnest(j.aliases) a))
                    FROM journalists j WHERE j.id = contact_search_text.journalist),
                 (SELECT concat_ws(' ', o.name, (SELECT string_agg(address_search_text('@' || d), ' ') FROM unnest(o.domains) d))
                    FROM outlets o WHERE o.id = contact_search_text.outlet)), 4096);
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION contact_search_text(journalist uuid, outlet uuid) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT left(concat_ws(' ',
               (SELECT concat_ws(' ', j.name, address_search_text(j.email), (SELECT string_agg(address_search_text(a), ' ') FROM unnest(j.aliases) a))
                  FROM journalists j WHERE j.id = journalist),
               (SELECT concat_ws(' ', o.name, (SELECT string_agg(address_search_text('@' || d), ' ') FROM unnest(o.domains) d))
                  FROM outlets o WHERE o.id = outlet)), 4096) $$`);
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
