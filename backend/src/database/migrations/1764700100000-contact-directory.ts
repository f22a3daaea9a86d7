import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contact directory: lists sorted by name with keyset pagination (one index per order), and a
 * journalist's other addresses, so mail from a merged duplicate's address finds the survivor.
 */
export class ContactDirectory1764700100000 implements MigrationInterface {
  name = 'ContactDirectory1764700100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX journalists_sort_idx ON journalists ((lower(coalesce(name, email, ''))), id)`);
    await db.query(`CREATE INDEX outlets_sort_idx ON outlets ((lower(name)), id)`);
    await db.query(`ALTER TABLE journalists ADD COLUMN aliases text[] NOT NULL DEFAULT '{}'`);
    await db.query(`CREATE INDEX journalists_aliases_idx ON journalists USING gin (aliases)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE journalists DROP COLUMN aliases`);
    await db.query(`DROP INDEX outlets_sort_idx`);
    await db.query(`DROP INDEX journalists_sort_idx`);
  }
}
