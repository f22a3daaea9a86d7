import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue's "target (soonest first)" order: tickets still waiting for a first reply by their
 * target's due time, everything else after (infinity), read in index order like the deadline sort.
 */
export class QueueTargetSort1766530000001 implements MigrationInterface {
  name = 'QueueTargetSort1766530000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX tickets_target_queue_idx ON tickets ((coalesce(CASE WHEN first_response_at IS NULL THEN target_due_at END, 'infinity'::timestamptz)), id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX tickets_target_queue_idx`);
  }
}
