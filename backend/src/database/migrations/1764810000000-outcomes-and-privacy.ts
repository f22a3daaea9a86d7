import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outcome details on tickets (coverage link, spokesperson) and personal-data erasure: journalists
 * can be anonymised, and the event log, otherwise append-only, may be redacted by the erasure
 * routine alone (it sets `newsdesk.redact` for its own transaction).
 */
export class OutcomesAndPrivacy1764810000000 implements MigrationInterface {
  name = 'OutcomesAndPrivacy1764810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tickets ADD COLUMN coverage_url text`);
    await db.query(`ALTER TABLE tickets ADD COLUMN spokesperson_id uuid REFERENCES users (id) ON DELETE SET NULL`);
    await db.query(`ALTER TABLE journalists ADD COLUMN anonymised_at timestamptz`);
    await db.query(`
      CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('newsdesk.redact', true) = 'on' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'events is append-only: % is not allowed', TG_OP;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events is append-only: % is not allowed', TG_OP;
      END $$`);
    await db.query(`ALTER TABLE journalists DROP COLUMN anonymised_at`);
    await db.query(`ALTER TABLE tickets DROP COLUMN spokesperson_id, DROP COLUMN coverage_url`);
  }
}
