import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Forgot password" by emailed link: single-use reset tokens stored as keyed hashes with an
 * expiry, and the requests counted per address and per network (keyed hashes too) so the public
 * request endpoint cannot be used to flood an inbox or probe from one place.
 */
export class PasswordResets1766400000000 implements MigrationInterface {
  name = 'PasswordResets1766400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE password_reset_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id)`);
    await db.query(`
      CREATE TABLE password_reset_requests (
        id bigserial PRIMARY KEY,
        ip_key text NOT NULL,
        email_key text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX password_reset_requests_ip_idx ON password_reset_requests (ip_key, created_at)`);
    await db.query(`CREATE INDEX password_reset_requests_email_idx ON password_reset_requests (email_key, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE password_reset_requests`);
    await db.query(`DROP TABLE password_reset_tokens`);
  }
}
