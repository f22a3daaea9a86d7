import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';
import { sqlExec, sqlRow } from '../database/sql.js';

/** Reset requests in the last hour from one network (ip_key) and for one address (email_key). */
export interface ResetRequestCountsRow {
  ip_count: number;
  email_count: number;
  ip_first: Date | null;
}

/** The active account a live reset link belongs to. */
export interface ResetLinkOwnerRow {
  id: string;
  email: string;
  name: string;
}

/** SQL for "forgot password": request counts (password_reset_requests) and link tokens (password_reset_tokens); no decisions. */
@Injectable()
export class PasswordResetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Serialises counting and recording requests across replicas until the caller commits. */
  async lockRequests(tx: EntityManager): Promise<void> {
    await sqlExec(tx, 'SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.passwordReset]);
  }

  async countRequests(tx: EntityManager, ipKey: string, emailKey: string, since: Date, now: Date): Promise<ResetRequestCountsRow> {
    const row = await sqlRow<ResetRequestCountsRow>(
      tx,
      `SELECT count(*) FILTER (WHERE ip_key = $1)::int AS ip_count,
              count(*) FILTER (WHERE email_key = $2)::int AS email_count,
              min(created_at) FILTER (WHERE ip_key = $1) AS ip_first
         FROM password_reset_requests
        WHERE (ip_key = $1 OR email_key = $2) AND created_at > $3 AND created_at <= $4`,
      [ipKey, emailKey, since, now],
    );
    // An aggregate without GROUP BY always answers one row.
    if (!row) throw new Error('the reset request counts answered no row');
    return row;
  }

  /** Records a request and drops those older than `keepSince`. */
  async recordRequest(tx: EntityManager, ipKey: string, emailKey: string, at: Date, keepSince: Date): Promise<void> {
    await sqlExec(tx, 'INSERT INTO password_reset_requests (ip_key, email_key, created_at) VALUES ($1, $2, $3)', [ipKey, emailKey, at]);
    await sqlExec(tx, 'DELETE FROM password_reset_requests WHERE created_at < $1', [keepSince]);
  }

  /** Stores a new link for the user; their earlier unused links stop working. */
  async replaceToken(tx: EntityManager, userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.deleteUnusedTokensOf(tx, userId);
    await sqlExec(tx, 'INSERT INTO password_reset_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, $3)', [userId, tokenHash, expiresAt]);
  }

  /** The active account of an unused, unexpired link (users read in the same statement: one lookup per use). */
  findLinkOwner(tokenHash: string, now: Date): Promise<ResetLinkOwnerRow | null> {
    return sqlRow<ResetLinkOwnerRow>(
      this.dataSource,
      `SELECT u.id, u.email, u.name FROM password_reset_tokens t JOIN users_view u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2 AND u.active`,
      [tokenHash, now],
    );
  }

  /** Marks the link used; false when it was used, expired or replaced meanwhile (of two concurrent uses one wins). */
  async spendToken(tx: EntityManager, tokenHash: string, now: Date): Promise<boolean> {
    const spent = await sqlExec(tx, `UPDATE password_reset_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, [tokenHash, now]);
    return spent === 1;
  }

  async deleteUnusedTokensOf(tx: EntityManager, userId: string): Promise<void> {
    await sqlExec(tx, 'DELETE FROM password_reset_tokens WHERE user_id = $1 AND used_at IS NULL', [userId]);
  }
}
