import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How a journalist prefers to be reached, and which officer owns the relationship. */
export class JournalistRelationships1764820000000 implements MigrationInterface {
  name = 'JournalistRelationships1764820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE journalists ADD COLUMN preferred_contact text CHECK (preferred_contact IN ('email', 'phone', 'any'))`);
    await db.query(`ALTER TABLE journalists ADD COLUMN relationship_owner_id uuid REFERENCES users (id) ON DELETE SET NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE journalists DROP COLUMN relationship_owner_id, DROP COLUMN preferred_contact`);
  }
}
