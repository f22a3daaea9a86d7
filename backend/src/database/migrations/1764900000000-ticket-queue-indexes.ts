import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An officer's queue (assignee + status, by deadline) read straight from one index instead of
 * intersecting the status and assignee indexes and sorting; it also serves assignee-only lookups,
 * so the single-column assignee index goes.
 */
export class TicketQueueIndexes1764900000000 implements MigrationInterface {
  name = 'TicketQueueIndexes1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX tickets_assignee_status_deadline_idx ON tickets (assignee_id, status, (coalesce(deadline_at, 'infinity'::timestamptz)), id)`,
    );
    await db.query(`DROP INDEX tickets_assignee_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX tickets_assignee_idx ON tickets (assignee_id)`);
    await db.query(`DROP INDEX tickets_assignee_status_deadline_idx`);
  }
}
