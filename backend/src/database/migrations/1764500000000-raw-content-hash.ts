import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Content hash on raw messages, so unattached bounces sharing a Message-ID are told apart from true duplicates. */
export class RawContentHash1764500000000 implements MigrationInterface {
  name = 'RawContentHash1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE raw_messages ADD COLUMN content_hash text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE raw_messages DROP COLUMN content_hash`);
  }
}
