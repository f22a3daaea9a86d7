import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Hits and breaches by topic read the tickets' tags from the due-time index too (no heap visit per ticket). */
export class TargetDueIndexTopics1766530000002 implements MigrationInterface {
  name = 'TargetDueIndexTopics1766530000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX tickets_target_due_idx`);
    await db.query(`
      CREATE INDEX tickets_target_due_idx ON tickets (target_due_at, id)
      INCLUDE (first_response_at, target_officer_id, assignee_id, outlet_id, tags) WHERE target_due_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX tickets_target_due_idx`);
    await db.query(`
      CREATE INDEX tickets_target_due_idx ON tickets (target_due_at, id)
      INCLUDE (first_response_at, target_officer_id, assignee_id, outlet_id) WHERE target_due_at IS NOT NULL`);
  }
}
