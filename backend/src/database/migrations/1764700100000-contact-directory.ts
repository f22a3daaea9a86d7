import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Contact lists sorted by name with keyset pagination: one index per list order. */
export class ContactDirectory1764700100000 implements MigrationInterface {
  name = 'ContactDirectory1764700100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX journalists_sort_idx ON journalists ((lower(coalesce(name, email, ''))), id)`);
    await db.query(`CREATE INDEX outlets_sort_idx ON outlets ((lower(name)), id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outlets_sort_idx`);
    await db.query(`DROP INDEX journalists_sort_idx`);
  }
}
