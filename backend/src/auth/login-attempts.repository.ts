import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow } from '../database/sql.js';
import { LoginAttempt } from './login-attempt.entity.js';

export type AttemptKind = LoginAttempt['kind'];

/** Recent failures around one attempt: of the account+address pair, of the address, of the account. */
export interface AttemptCountsRow {
  pair_failures: number;
  pair_last: Date | null;
  ip_failures: number;
  ip_last: Date | null;
  account_failures: number;
  account_last: Date | null;
}

/** SQL for failed sign-ins (login_attempts); no decisions. `ip` is already the throttle address (an IPv6 /64). */
@Injectable()
export class LoginAttemptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records a failure; its id. */
  async insert(email: string, ip: string, kind: AttemptKind, at: Date): Promise<string> {
    const row = await sqlRow<{ id: string }>(
      this.dataSource,
      `INSERT INTO login_attempts (email, ip, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [email, ip, kind, at],
    );
    if (!row) throw new Error('INSERT … RETURNING answered no row');
    return row.id;
  }

  /**
   * Failures since `since` touching this account or address, but the attempt `ownId` itself: per pair
   * and kind (any age in the window), per address and per account and kind within the lock window.
   */
  async countAround(email: string, ip: string, kind: AttemptKind, since: Date, windowStart: Date, ownId: string): Promise<AttemptCountsRow> {
    const row = await sqlRow<AttemptCountsRow>(
      this.dataSource,
      `SELECT
         count(*) FILTER (WHERE email = $1 AND ip = $2 AND kind = $3)::int AS pair_failures,
         max(created_at) FILTER (WHERE email = $1 AND ip = $2 AND kind = $3) AS pair_last,
         count(*) FILTER (WHERE ip = $2 AND created_at > $5)::int AS ip_failures,
         max(created_at) FILTER (WHERE ip = $2 AND created_at > $5) AS ip_last,
         count(*) FILTER (WHERE email = $1 AND kind = $3 AND created_at > $5)::int AS account_failures,
         max(created_at) FILTER (WHERE email = $1 AND kind = $3 AND created_at > $5) AS account_last
       FROM login_attempts
       WHERE (email = $1 OR ip = $2) AND created_at > $4 AND id IS DISTINCT FROM $6::bigint`,
      [email, ip, kind, since, windowStart, ownId],
    );
    // An aggregate without GROUP BY always answers one row.
    if (!row) throw new Error('the failure counts answered no row');
    return row;
  }

  async delete(id: string): Promise<void> {
    await sqlExec(this.dataSource, `DELETE FROM login_attempts WHERE id = $1`, [id]);
  }

  async deleteOlderThan(at: Date): Promise<void> {
    await sqlExec(this.dataSource, `DELETE FROM login_attempts WHERE created_at < $1`, [at]);
  }

  async deleteForPair(email: string, ip: string, kinds: AttemptKind[]): Promise<void> {
    await sqlExec(this.dataSource, `DELETE FROM login_attempts WHERE email = $1 AND ip = $2 AND kind = ANY($3::text[])`, [email, ip, kinds]);
  }

  /** Every failure on the account, from any address: its lockouts are lifted with the caller's change. */
  async deleteForAccount(tx: EntityManager, email: string): Promise<void> {
    await tx.delete(LoginAttempt, { email });
  }
}
