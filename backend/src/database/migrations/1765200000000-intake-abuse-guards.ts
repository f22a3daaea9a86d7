import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (web form and webhook abuse): counters for the acknowledgements the web form causes,
 * signatures the webhook has already accepted, and the "possibly the same as" hint for web tickets.
 */
export class IntakeAbuseGuards1765200000000 implements MigrationInterface {
  name = 'IntakeAbuseGuards1765200000000';

  async up(db: QueryRunner): Promise<void> {
    // One row per limited thing and window: an upsert with a check counts atomically across replicas.
    await db.query(`
      CREATE TABLE acknowledgement_quotas (
        scope text NOT NULL,
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (scope, key, window_start)
      )`);
    await db.query(`CREATE INDEX acknowledgement_quotas_window_idx ON acknowledgement_quotas (window_start)`);
    // SHA-256 of each accepted webhook signature, kept for the replay window.
    await db.query(`
      CREATE TABLE webhook_signatures (
        signature_hash text PRIMARY KEY,
        received_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX webhook_signatures_received_idx ON webhook_signatures (received_at)`);
    await db.query(`ALTER TABLE tickets ADD COLUMN possible_duplicate_of_id uuid REFERENCES tickets (id) ON DELETE SET NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tickets DROP COLUMN possible_duplicate_of_id`);
    await db.query(`DROP TABLE webhook_signatures`);
    await db.query(`DROP TABLE acknowledgement_quotas`);
  }
}
