import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor sign-in (TOTP secrets encrypted, recovery codes hashed, pending second-factor
 * challenges that are not sessions) and sign-in failures told apart by kind, so a lockout can be
 * keyed on the account and IP pair.
 */
export class TwoFactorSignIn1765400000000 implements MigrationInterface {
  name = 'TwoFactorSignIn1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE totp_credentials (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret_encrypted text NOT NULL,
        confirmed_at timestamptz,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX recovery_codes_user_hash_idx ON recovery_codes (user_id, code_hash)`);
    await db.query(`
      CREATE TABLE second_factor_challenges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        ip text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE login_attempts ADD COLUMN kind text NOT NULL DEFAULT 'password' CHECK (kind IN ('password', 'second_factor'))`);
    await db.query(`CREATE INDEX login_attempts_pair_idx ON login_attempts (email, ip, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX login_attempts_pair_idx`);
    await db.query(`ALTER TABLE login_attempts DROP COLUMN kind`);
    await db.query(`DROP TABLE second_factor_challenges`);
    await db.query(`DROP TABLE recovery_codes`);
    await db.query(`DROP TABLE totp_credentials`);
  }
}
