import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';

export interface TotpCredentialRow {
  userId: string;
  secretEncrypted: string;
  confirmedAt: Date | null;
  lastUsedStep: number | null;
}

export interface ChallengeRow {
  id: string;
  userId: string;
  email: string;
  attempts: number;
  expiresAt: Date;
}

/** SQL for TOTP credentials, recovery codes and pending second-factor challenges; no decisions. */
@Injectable()
export class TwoFactorRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findCredential(userId: string): Promise<TotpCredentialRow | null> {
    return sqlRow<TotpCredentialRow>(
      this.dataSource,
      `SELECT user_id AS "userId", secret_encrypted AS "secretEncrypted", confirmed_at AS "confirmedAt", last_used_step::float8 AS "lastUsedStep"
         FROM totp_credentials WHERE user_id = $1`,
      [userId],
    );
  }

  async isConfirmedForEmail(email: string): Promise<boolean> {
    const row = await sqlRow<{ confirmed: boolean }>(
      this.dataSource,
      `SELECT EXISTS (SELECT 1 FROM totp_credentials t JOIN users_view u ON u.id = t.user_id WHERE u.email = $1 AND t.confirmed_at IS NOT NULL) AS confirmed`,
      [email],
    );
    return !!row?.confirmed;
  }

  /** Replaces any unconfirmed secret; a confirmed one is left alone (returns false). */
  async saveUnconfirmed(userId: string, secretEncrypted: string): Promise<boolean> {
    const rows = await sqlRows<{ user_id: string }>(
      this.dataSource,
      `INSERT INTO totp_credentials (user_id, secret_encrypted) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = excluded.secret_encrypted, last_used_step = NULL, created_at = now()
         WHERE totp_credentials.confirmed_at IS NULL
       RETURNING user_id`,
      [userId, secretEncrypted],
    );
    return rows.length === 1;
  }

  /** Records the time step a code was accepted for, only if it is later than any used before (one use per code). */
  async claimStep(userId: string, step: number): Promise<boolean> {
    const affected = await sqlExec(
      this.dataSource,
      `UPDATE totp_credentials SET last_used_step = $2 WHERE user_id = $1 AND (last_used_step IS NULL OR last_used_step < $2)`,
      [userId, step],
    );
    return affected === 1;
  }

  /** Confirms the enrolment and stores fresh recovery codes, in the caller's transaction (with its event). */
  async confirm(tx: EntityManager, userId: string, at: Date, codeHashes: string[]): Promise<void> {
    await sqlExec(tx, `UPDATE totp_credentials SET confirmed_at = $2 WHERE user_id = $1`, [userId, at]);
    await this.replaceRecoveryCodes(tx, userId, codeHashes);
  }

  async replaceRecoveryCodes(tx: EntityManager, userId: string, codeHashes: string[]): Promise<void> {
    await sqlExec(tx, `DELETE FROM recovery_codes WHERE user_id = $1`, [userId]);
    await sqlExec(tx, `INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])`, [userId, codeHashes]);
  }

  async remove(tx: EntityManager, userId: string): Promise<void> {
    await sqlExec(tx, `DELETE FROM recovery_codes WHERE user_id = $1`, [userId]);
    await sqlExec(tx, `DELETE FROM second_factor_challenges WHERE user_id = $1`, [userId]);
    await sqlExec(tx, `DELETE FROM totp_credentials WHERE user_id = $1`, [userId]);
  }

  async countUnusedRecoveryCodes(userId: string): Promise<number> {
    const row = await sqlRow<{ count: number }>(
      this.dataSource,
      `SELECT count(*)::int AS count FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return row?.count ?? 0;
  }

  /** Marks one unused recovery code used; false when there is no such unused code. */
  async useRecoveryCode(userId: string, codeHash: string, at: Date): Promise<boolean> {
    const affected = await sqlExec(
      this.dataSource,
      `UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
      [userId, codeHash, at],
    );
    return affected === 1;
  }

  async createChallenge(userId: string, tokenHash: string, ip: string, expiresAt: Date): Promise<void> {
    await sqlExec(this.dataSource, `DELETE FROM second_factor_challenges WHERE expires_at < $1`, [new Date(expiresAt.getTime() - 3600_000)]);
    await sqlExec(
      this.dataSource,
      `INSERT INTO second_factor_challenges (token_hash, user_id, ip, expires_at) VALUES ($1, $2, $3, $4)`,
      [tokenHash, userId, ip, expiresAt],
    );
  }

  findChallenge(tokenHash: string): Promise<ChallengeRow | null> {
    return sqlRow<ChallengeRow>(
      this.dataSource,
      `SELECT c.id, c.user_id AS "userId", u.email, c.attempts, c.expires_at AS "expiresAt"
         FROM second_factor_challenges c JOIN users_view u ON u.id = c.user_id
        WHERE c.token_hash = $1 AND u.active`,
      [tokenHash],
    );
  }

  /** Counts one more attempt on a challenge, atomically; false when it already had `max`. */
  async countChallengeAttempt(id: string, max: number): Promise<boolean> {
    const affected = await sqlExec(
      this.dataSource,
      `UPDATE second_factor_challenges SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2`,
      [id, max],
    );
    return affected === 1;
  }

  /** Consumes a challenge; false when another request consumed it first. */
  async deleteChallenge(id: string): Promise<boolean> {
    const affected = await sqlExec(this.dataSource, `DELETE FROM second_factor_challenges WHERE id = $1`, [id]);
    return affected === 1;
  }
}
