import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox worker claims with `status IN ('queued', 'sending')`, which neither single-status
 * partial index answers, so every claim and every wake-up read the whole table (2 s per claim with
 * 1.9 M sent rows, several times a second). One partial index with exactly that predicate replaces
 * both. The outbox page lists newest first, optionally by status: indexes for both orders.
 */
export class OutboxIndexes1764910000000 implements MigrationInterface {
  name = 'OutboxIndexes1764910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX outbound_messages_pending_idx ON outbound_messages (next_attempt_at) WHERE status IN ('queued', 'sending')`);
    await db.query(`DROP INDEX outbound_messages_due_idx`);
    await db.query(`DROP INDEX outbound_messages_sending_idx`);
    await db.query(`CREATE INDEX outbound_messages_created_idx ON outbound_messages (created_at, id)`);
    await db.query(`CREATE INDEX outbound_messages_status_created_idx ON outbound_messages (status, created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outbound_messages_status_created_idx`);
    await db.query(`DROP INDEX outbound_messages_created_idx`);
    await db.query(`CREATE INDEX outbound_messages_sending_idx ON outbound_messages (next_attempt_at) WHERE status = 'sending'`);
    await db.query(`CREATE INDEX outbound_messages_due_idx ON outbound_messages (next_attempt_at) WHERE status = 'queued'`);
    await db.query(`DROP INDEX outbound_messages_pending_idx`);
  }
}
