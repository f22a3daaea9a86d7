import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { LoginAttemptsRepository, type AttemptKind } from './login-attempts.repository.js';
import { throttleAddress } from './throttle-address.js';
import { TwoFactorRepository } from './two-factor.repository.js';

const DAY_MS = 24 * 3600_000;
// One IP may fail this many times the per-pair limit across accounts (password spraying) within the window.
const IP_FACTOR = 4;
// Failures across all IPs on one account that pause password-only sign-in (a distributed attack).
const ACCOUNT_FACTOR = 4;

/**
 * Counts failed sign-ins in PostgreSQL (so limits hold across replicas) and locks the account+IP
 * pair with exponential backoff, an IP that fails across many accounts, and, for accounts without
 * a second factor only, an account failing from many IPs. Someone hammering a colleague's account
 * from one IP therefore locks out that IP, not the colleague.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly attempts: LoginAttemptsRepository,
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
    const id = await this.attempts.insert(email, throttleAddress(clientIp), kind, now);
    try {
      await this.check(email, clientIp, kind, now, id);
    } catch (error) {
      await this.attempts.delete(id);
      throw error;
    }
    await this.attempts.deleteOlderThan(new Date(now.getTime() - DAY_MS));
    return id;
  }

  /** Throws 429 with a readable lockout message and Retry-After when this attempt may not be tried now; `ownId` is the attempt's own row. */
  private async check(email: string, clientIp: string, kind: AttemptKind, now: Date, ownId: string): Promise<void> {
    const ip = throttleAddress(clientIp);
    const windowMs = this.config.LOGIN_LOCKOUT_MINUTES * 60_000;
    const counts = await this.attempts.countAround(email, ip, kind, new Date(now.getTime() - DAY_MS), new Date(now.getTime() - windowMs), ownId);
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

  /** Forgets failures after a success: of this account from this IP (optionally of some kinds only); lifting a whole account's lockout is AccountAccessService's. */
  async clear(email: string, ip: string, kinds: AttemptKind[] = ['password', 'second_factor']): Promise<void> {
    await this.attempts.deleteForPair(email, throttleAddress(ip), kinds);
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
