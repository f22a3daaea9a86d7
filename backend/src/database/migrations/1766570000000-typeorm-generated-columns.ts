import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written out here, not imported: a committed migration must not change when the entity does.
const GENERATED_COLUMNS = [
  { name: 'reference', expression: "'ND-' || number::text" },
  {
    name: 'search_vector',
    expression:
      "setweight(to_tsvector('simple', search_fold(subject)), 'A') || setweight(to_tsvector('simple', search_fold(search_contacts)), 'B') || to_tsvector('simple', search_fold(left(search_text, 16384)))",
  },
];

/**
 * TypeORM's schema differ reads a generated column's expression from its own `typeorm_metadata`
 * table (PostgreSQL reformats the expression it stores); without the table, `db:migration:generate`
 * and the drift check fail on `tickets.reference`. Records the two generated columns of `tickets`
 * with the expressions the entity declares.
 */
export class TypeormGeneratedColumns1766570000000 implements MigrationInterface {
  name = 'TypeormGeneratedColumns1766570000000';

  async up(db: QueryRunner): Promise<void> {
    // The shape TypeORM creates itself (RdbmsSchemaBuilder.createMetadataTableIfNecessary).
    await db.query(`
      CREATE TABLE IF NOT EXISTS typeorm_metadata (
        "type" varchar NOT NULL,
        "database" varchar,
        "schema" varchar,
        "table" varchar,
        "name" varchar,
        "value" text
      )`);
    for (const column of GENERATED_COLUMNS) {
      await db.query(
        `INSERT INTO typeorm_metadata ("type", "database", "schema", "table", "name", "value")
         VALUES ('GENERATED_COLUMN', current_database(), current_schema(), 'tickets', $1, $2)`,
        [column.name, column.expression],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM typeorm_metadata WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'tickets'`);
  }
}
