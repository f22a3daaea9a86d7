import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The marks of a ticket change: the instants it touches (old and new values, and now), and for a
 * change of officer, outlet, topic, channel or type every event of the ticket. `targets` adds the
 * first-response due time (old and new) and the officer it is credited to.
 */
function markTicketsFunction(targets: boolean): string {
  const instants = (alias: string) =>
    [`(${alias}.created_at)`, `(${alias}.acknowledged_at)`, `(${alias}.first_response_at)`, `(${alias}.resolved_at)`, `(${alias}.deadline_at)`]
      .concat(targets ? [`(${alias}.target_due_at)`] : [])
      .join(', ');
  const compared = (alias: string) =>
    [`status`, `assignee_id`, `outlet_id`, `tags`, `channel`, `request_type`, `created_at`, `acknowledged_at`, `first_response_at`, `resolved_at`, `deadline_at`, `reopen_count`]
      .concat(targets ? ['target_due_at', 'target_officer_id'] : [])
      .map((column) => `${alias}.${column}`)
      .join(', ');
  const both = ['created_at', 'acknowledged_at', 'first_response_at', 'resolved_at', 'deadline_at']
    .concat(targets ? ['target_due_at'] : [])
    .flatMap((column) => [`(o.${column})`, `(n.${column})`])
    .join(', ');
  return `
    CREATE OR REPLACE FUNCTION metrics_mark_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO metric_dirty (at)
        SELECT DISTINCT date_bin('15 minutes', x, '2000-01-01') FROM new_rows n,
               LATERAL (VALUES ${instants('n')}) v(x)
         WHERE x IS NOT NULL;
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO metric_dirty (at)
        SELECT DISTINCT date_bin('15 minutes', x, '2000-01-01') FROM (
          SELECT x FROM old_rows o,
                 LATERAL (VALUES ${instants('o')}) v(x)
          UNION ALL
          SELECT e.created_at FROM old_rows o JOIN events e ON e.ticket_id = o.id
        ) s WHERE x IS NOT NULL;
      ELSE
        INSERT INTO metric_dirty (at)
        SELECT DISTINCT date_bin('15 minutes', x, '2000-01-01') FROM (
          SELECT x FROM old_rows o JOIN new_rows n ON n.id = o.id,
                 LATERAL (VALUES ${both}, (now())) v(x)
           WHERE (${compared('o')}) IS DISTINCT FROM (${compared('n')})
          UNION ALL
          SELECT e.created_at FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN events e ON e.ticket_id = n.id
           WHERE (o.assignee_id, o.outlet_id, o.tags, o.channel, o.request_type)
                 IS DISTINCT FROM (n.assignee_id, n.outlet_id, n.tags, n.channel, n.request_type)
        ) s WHERE x IS NOT NULL;
      END IF;
      RETURN NULL;
    END $$`;
}

/**
 * First-response target outcomes kept in the stored facts and rollups like deadlines (issue 16): facts
 * `target_hit`, `target_late` and `target_waiting` at the due time, three rollup counters, a partial
 * index for the breach list, and the ticket trigger marking the due time's day when it or the
 * credited officer changes. The stored rollups are rebuilt on the next refresh (closed_through reset),
 * which also computes the month prefixes of topics (PREFIX_DIMENSIONS).
 */
export class MetricTargetFacts1766850000000 implements MigrationInterface {
  name = 'MetricTargetFacts1766850000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE metric_rollups ADD COLUMN target_hits int NOT NULL DEFAULT 0, ADD COLUMN target_late int NOT NULL DEFAULT 0,
                                  ADD COLUMN target_waiting int NOT NULL DEFAULT 0`,
    );
    // The breach list: late answers and unanswered targets, latest due first, filtered from the index alone.
    await db.query(
      `CREATE INDEX metric_facts_target_breach_idx ON metric_facts (at DESC, ticket_id DESC) INCLUDE (officer, outlet_id, tags)
        WHERE kind IN ('target_late', 'target_waiting')`,
    );
    await db.query(markTicketsFunction(true));
    // Every stored day lacks its target facts: the next refresh rebuilds them all.
    await db.query(`UPDATE metric_rollup_state SET closed_through = NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(markTicketsFunction(false));
    await db.query(`DROP INDEX metric_facts_target_breach_idx`);
    await db.query(`DELETE FROM metric_facts WHERE kind IN ('target_hit', 'target_late', 'target_waiting')`);
    await db.query(`ALTER TABLE metric_rollups DROP COLUMN target_hits, DROP COLUMN target_late, DROP COLUMN target_waiting`);
  }
}
