import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { WebFormSubmissionsRepository } from './web-form-submissions.repository.js';


/** The network an address speaks for: IPv4 as is, IPv6 by its /64 (one subscriber's whole prefix). */
export function networkOf(ip: string): string {
  const address = ip.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group || '0', 16).toString(16))
    .join(':')}::/64`;
}

/** Keyed hash of a network or an address: the throttle table counts them without holding either. */
export function webFormThrottleKey(secret: Buffer, kind: 'ip' | 'email', value: string): string {
  const normalised = kind === 'email' ? value.trim().toLowerCase() : value;
  return createHmac('sha256', secret).update(`rate-limit:${kind}\u0000${normalised}`).digest('base64url');
}

/** Counts web form submissions per network and per address in PostgreSQL, so the limits hold across replicas. */
@Injectable()
export class WebFormThrottleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly submissions: WebFormSubmissionsRepository,
  ) {}

  /** Counts one submission, or throws 429 with Retry-After when the network or the address has used up its hour. */
  async admit(ip: string, email: string): Promise<void> {
    const ipKey = this.key('ip', networkOf(ip));
    const emailKey = this.key('email', email);
    const refusal = await this.dataSource.transaction(async (tx) => {
      // Check and insert as one step for every replica.
      await this.submissions.lockCounting(tx);
      const row = await this.submissions.countLastHour(tx, ipKey, emailKey);
      if (row.ip_count >= this.config.WEB_FORM_MAX_PER_IP_PER_HOUR) return { from: 'from your network', retryAfter: row.ip_retry ?? 3600 };
      if (row.email_count >= this.config.WEB_FORM_MAX_PER_EMAIL_PER_HOUR) return { from: 'for this email address', retryAfter: row.email_retry ?? 3600 };
      await this.submissions.insertAndPrune(tx, ipKey, emailKey);
      return null;
    });
    if (!refusal) return;
    const seconds = Math.max(1, refusal.retryAfter);
    const minutes = Math.ceil(seconds / 60);
    throw new HttpException(
      {
        message:
          `Too many inquiries have been sent ${refusal.from} in the last hour. ` +
          `Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or email ${this.config.intakeAddresses[0]} directly.`,
        headers: { 'retry-after': String(seconds) },
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** Forgets the counts of these addresses' keys (an erasure), in the caller's transaction. */
  forget(tx: EntityManager, emailKeys: string[]): Promise<void> {
    return this.submissions.deleteByEmailKeys(tx, emailKeys);
  }

  private key(kind: 'ip' | 'email', value: string): string {
    return webFormThrottleKey(this.secrets.webFormKey, kind, value);
  }
}
