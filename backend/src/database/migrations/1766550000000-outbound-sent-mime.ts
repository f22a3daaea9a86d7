import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The exact MIME bytes each outbox mail went out as (Message-ID, Date, boundaries, attachments),
 * so the .eml download is what the recipient got. A table of its own: the outbox list never reads them.
 */
export class OutboundSentMime1766550000000 implements MigrationInterface {
  name = 'OutboundSentMime1766550000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbound_sent_mime (
        outbound_message_id uuid PRIMARY KEY REFERENCES outbound_messages (id) ON DELETE CASCADE,
        bytes bytea NOT NULL,
        sha256 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outbound_sent_mime`);
  }
}
