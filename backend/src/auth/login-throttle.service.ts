import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { LoginAttempt } from './login-attempt.entity.js';

/** Counts failed sign-ins per account and per IP in PostgreSQL, so the limit holds across replicas. */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Throws 429 with a readable lockout message when the account or the IP is locked out. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const windowMinutes = this.config.LOGIN_LOCKOUT_MINUTES;
    const [row] = (await this.dataSource.query(
      `SELECT
         count(*) FILTER (WHERE email = $1)::int AS account_failures,
         max(created_at) FILTER (WHERE email = $1) AS account_last,
         count(*) FILTER (WHERE ip = $2)::int AS ip_failures,
         max(created_at) FILTER (WHERE ip = $2) AS ip_last
       FROM login_attempts
       WHERE (email = $1 OR ip = $2) AND created_at > now() - make_interval(mins => $3)`,
      [email, ip, windowMinutes],
    )) as { account_failures: number; account_last: Date | null; ip_failures: number; ip_last: Date | null }[];
    const max = this.config.LOGIN_MAX_ATTEMPTS;
    const lockedSince =
      row.account_failures >= max ? row.account_last : row.ip_failures >= max * 4 ? row.ip_last : null;
    if (!lockedSince) return;
    const minutes = Math.max(1, Math.ceil((lockedSince.getTime() + windowMinutes * 60_000 - Date.now()) / 60_000));
    throw new HttpException(
      {
        message: `Too many failed sign-in attempts. Sign-in is locked for ${minutes} minute${minutes === 1 ? '' : 's'}; try again later or ask an admin to reset your password.`,
        headers: { 'retry-after': String(minutes * 60) },
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.dataSource.getRepository(LoginAttempt).insert({ email, ip });
    await this.dataSource.query(`DELETE FROM login_attempts WHERE created_at < now() - interval '1 day'`);
  }

  async clear(email: string): Promise<void> {
    await this.dataSource.getRepository(LoginAttempt).delete({ email });
  }
}
