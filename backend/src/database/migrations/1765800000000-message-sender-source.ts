import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 15 (senders): which header or the envelope an inbound sender came from, and the From: values that lost. */
export class MessageSenderSource1765800000000 implements MigrationInterface {
  name = 'MessageSenderSource1765800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages ADD COLUMN sender_source text CHECK (sender_source IN ('from', 'reply-to', 'sender', 'envelope'))`);
    await db.query(`ALTER TABLE messages ADD COLUMN other_from text[] NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages DROP COLUMN other_from`);
    await db.query(`ALTER TABLE messages DROP COLUMN sender_source`);
  }
}
