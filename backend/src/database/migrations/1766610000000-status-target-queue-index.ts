import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue of one status by response target (`?status=open&sort=target`) had only the status-less
 * target index: its once-per-connection plan (status = $1, guessed at a quarter of the tickets) walked
 * that index filtering out every closed ticket. With the status first, as for the effective deadline
 * (1766000000000), the page is read in order from the status's own range and stops at the limit.
 */
export class StatusTargetQueueIndex1766610000000 implements MigrationInterface {
  name = 'StatusTargetQueueIndex1766610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX tickets_status_target_queue_idx ON tickets (status, (coalesce(CASE WHEN first_response_at IS NULL THEN target_due_at END, 'infinity'::timestamptz)), id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX tickets_status_target_queue_idx`);
  }
}
