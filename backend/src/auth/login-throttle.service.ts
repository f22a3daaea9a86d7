import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { throttleAddress } from './throttle-address.js';
import { TwoFactorRepository } from './two-factor.repository.js';

export type AttemptKind = 'password' | 'second_factor';

const DAY_MS = 24 * 3600_000;
// One IP may fail this many times the per-pair limit across accounts (password spraying) within the window.
const IP_FACTOR = 4;
// Failures across all IPs on one account that pause password-only sign-in (a distributed attack).
const ACCOUNT_FACTOR = 4;

interface Counts {
  pair_failures: number;
  pair_last: Date | null;
  ip_failures: number;
  ip_last: Date | null;
  account_failures: number;
  account_last: Date | null;
}

/**
 * Counts failed sign-ins in PostgreSQL (so limits hold across replicas) and locks the account+IP
 * pair with exponential backoff, an IP that fails across many accounts, and, for accounts without
 * a second factor only, an account failing from many IPs. Someone hammering a colleague's account
 * from one IP therefore locks out that IP, not the colleague.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly twoFactor: TwoFactorRepository,
  ) {}

  /**
   * Records this attempt as a failure before it is checked, then checks the limits counting every
   * other attempt already recorded: parallel guesses therefore cannot all pass a check made before
   * any of them failed. Returns the row to clear on success; a refused attempt is not kept.
   */
  async reserve(email: string, clientIp: string, kind: AttemptKind = 'password'): Promise<string> {
    const now = this.clock.now();
    const [row] = (await this.dataSource.query(
      `INSERT INTO login_attempts (email, ip, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [email, throttleAddress(clientIp), kind, now],
    )) as { id: string }[];
    try {
      await this.check(email, clientIp, kind, now, row.id);
    } catch (error) {
      await this.dataSource.query(`DELETE FROM login_attempts WHERE id = $1`, [row.id]);
      throw error;
    }
    await this.dataSource.query(`DELETE FROM login_attempts WHERE created_at < $1`, [new Date(now.getTime() - DAY_MS)]);
    return row.id;
  }

  /** Throws 429 with a readable lockout message and Retry-After when this attempt may not be tried now; `ownId` is the attempt's own row. */
  private async check(email: string, clientIp: string, kind: AttemptKind, now: Date, ownId: string): Promise<void> {
    const ip = throttleAddress(clientIp);
    const windowMs = this.config.LOGIN_LOCKOUT_MINUTES * 60_000;
    const [counts] = (await this.dataSource.query(
      `SELECT
         count(*) FILTER (WHERE email = $1 AND ip = $2 AND kind = $3)::int AS pair_failures,
         max(created_at) FILTER (WHERE email = $1 AND ip = $2 AND kind = $3) AS pair_last,
         count(*) FILTER (WHERE ip = $2 AND created_at > $5)::int AS ip_failures,
         max(created_at) FILTER (WHERE ip = $2 AND created_at > $5) AS ip_last,
         count(*) FILTER (WHERE email = $1 AND kind = $3 AND created_at > $5)::int AS account_failures,
         max(created_at) FILTER (WHERE email = $1 AND kind = $3 AND created_at > $5) AS account_last
       FROM login_attempts
       WHERE (email = $1 OR ip = $2) AND created_at > $4 AND id IS DISTINCT FROM $6::bigint`,
      [email, ip, kind, new Date(now.getTime() - DAY_MS), new Date(now.getTime() - windowMs), ownId],
    )) as Counts[];
    const max = this.config.LOGIN_MAX_ATTEMPTS;

    if (counts.pair_failures >= max && counts.pair_last) {
      // Each failure after a lock expires doubles the next lock: 1, 2, 4 … times LOGIN_LOCKOUT_MINUTES, at most a day.
      const lockMs = Math.min(DAY_MS, windowMs * 2 ** (counts.pair_failures - max));
      this.refuseUntil(counts.pair_last.getTime() + lockMs, now, 'Too many failed sign-in attempts from this address');
    }
    if (counts.ip_failures >= max * IP_FACTOR && counts.ip_last) {
      this.refuseUntil(counts.ip_last.getTime() + windowMs, now, 'Too many failed sign-in attempts from this address');
    }
    if (counts.account_failures >= max * ACCOUNT_FACTOR && counts.account_last) {
      // A password alone no longer suffices; the owner who has a second factor still gets in from their own address.
      if (kind === 'second_factor' || !(await this.twoFactor.isConfirmedForEmail(email))) {
        this.refuseUntil(
          counts.account_last.getTime() + windowMs,
          now,
          'This account is receiving many failed sign-in attempts from several addresses, so signing in to it is paused',
        );
      }
    }
  }

  /** Forgets failures after a success: of this account from this IP (optionally of some kinds only), or, without an IP, of the whole account. */
  async clear(email: string, ip?: string, kinds: AttemptKind[] = ['password', 'second_factor']): Promise<void> {
    if (ip === undefined) {
      await this.dataSource.query(`DELETE FROM login_attempts WHERE email = $1`, [email]);
      return;
    }
    await this.dataSource.query(`DELETE FROM login_attempts WHERE email = $1 AND ip = $2 AND kind = ANY($3::text[])`, [email, throttleAddress(ip), kinds]);
  }

  private refuseUntil(until: number, now: Date, reason: string): void {
    if (until <= now.getTime()) return;
    const minutes = Math.max(1, Math.ceil((until - now.getTime()) / 60_000));
    throw new HttpException(
      {
        message: `${reason}. Sign-in is locked for ${minutes} minute${minutes === 1 ? '' : 's'}; try again later or ask an admin to reset your password.`,
        headers: { 'retry-after': String(minutes * 60) },
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
