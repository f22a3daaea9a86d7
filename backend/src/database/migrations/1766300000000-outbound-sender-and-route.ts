import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing mail remembers its display name (the officer's name with the office's, or the office's
 * alone) and the route that took it: a mail server (`smtp`) or the local outbox folder (`outbox`),
 * so the dashboard says "delivered" only when a server accepted the mail.
 */
export class OutboundSenderAndRoute1766300000000 implements MigrationInterface {
  name = 'OutboundSenderAndRoute1766300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbound_messages ADD COLUMN from_name text`);
    await db.query(`ALTER TABLE outbound_messages ADD COLUMN delivered_via text CHECK (delivered_via IN ('smtp', 'outbox'))`);
    // Mail sent before this migration: the outbox folder answered "written to outbox/<file>".
    await db.query(
      `UPDATE outbound_messages SET delivered_via = CASE WHEN smtp_response LIKE 'written to outbox/%' THEN 'outbox' ELSE 'smtp' END WHERE status = 'sent'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbound_messages DROP COLUMN delivered_via`);
    await db.query(`ALTER TABLE outbound_messages DROP COLUMN from_name`);
  }
}
