import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Undo send and scheduled send: an outbox row may be cancelled before it goes out (who and when
 * kept), carries the time the officer chose for a scheduled send, and tickets may be logged as
 * in-person inquiries.
 */
export class UndoAndScheduledSend1766200000000 implements MigrationInterface {
  name = 'UndoAndScheduledSend1766200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_status_check`);
    await db.query(`ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_status_check CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled'))`);
    await db.query(`ALTER TABLE outbound_messages ADD COLUMN scheduled_for timestamptz`);
    await db.query(`ALTER TABLE outbound_messages ADD COLUMN cancelled_at timestamptz`);
    await db.query(`ALTER TABLE outbound_messages ADD COLUMN cancelled_by_id uuid REFERENCES users (id) ON DELETE SET NULL`);
    await db.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_channel_check`);
    await db.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_channel_check CHECK (channel IN ('email', 'web', 'phone', 'in_person'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE tickets SET channel = 'phone' WHERE channel = 'in_person'`);
    await db.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_channel_check`);
    await db.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_channel_check CHECK (channel IN ('email', 'web', 'phone'))`);
    await db.query(`ALTER TABLE outbound_messages DROP COLUMN cancelled_by_id`);
    await db.query(`ALTER TABLE outbound_messages DROP COLUMN cancelled_at`);
    await db.query(`ALTER TABLE outbound_messages DROP COLUMN scheduled_for`);
    await db.query(`UPDATE outbound_messages SET status = 'failed', last_error = 'cancelled' WHERE status = 'cancelled'`);
    await db.query(`ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_status_check`);
    await db.query(`ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_status_check CHECK (status IN ('queued', 'sending', 'sent', 'failed'))`);
  }
}
