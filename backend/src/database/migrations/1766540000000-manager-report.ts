import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The manager's report: missed deadlines listed from the stored facts newest first (a partial index
 * holds only the misses, so a page costs the same at any number of tickets); the digest's
 * frequency per recipient; and files attached to a mail that has no thread message (the digest's CSV).
 */
export class ManagerReport1766540000000 implements MigrationInterface {
  name = 'ManagerReport1766540000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX metric_facts_missed_idx ON metric_facts (at DESC, ticket_id DESC) WHERE kind = 'deadline_missed'`);
    await db.query(`ALTER TABLE users ADD COLUMN digest_frequency text NOT NULL DEFAULT 'weekly' CHECK (digest_frequency IN ('weekly', 'daily'))`);
    // [{ filename, contentType, content (base64) }]: small generated files only; thread attachments stay in attachment_blobs.
    await db.query(`ALTER TABLE outbound_messages ADD COLUMN generated_attachments jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbound_messages DROP COLUMN generated_attachments`);
    await db.query(`ALTER TABLE users DROP COLUMN digest_frequency`);
    await db.query(`DROP INDEX metric_facts_missed_idx`);
  }
}
