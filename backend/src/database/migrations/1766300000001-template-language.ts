import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A template may be for one language (ISO 639-1): the acknowledgement picks the one in the inquiry's language. Null = any language. */
export class TemplateLanguage1766300000001 implements MigrationInterface {
  name = 'TemplateLanguage1766300000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE templates ADD COLUMN language text CHECK (language ~ '^[a-z]{2}$')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE templates DROP COLUMN language`);
  }
}
