import { Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { IntakeService } from './intake.service.js';
import { WebhookSignaturesRepository } from './webhook-signatures.repository.js';
import { conflict } from '../common/http-errors.js';

export const WEBHOOK_SIGNATURE_HEADER = 'x-newsdesk-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-newsdesk-timestamp';

const SCHEME = `${WEBHOOK_TIMESTAMP_HEADER}: <Unix time in seconds> and ${WEBHOOK_SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`;

function sign(secret: string, ...chunks: (string | Buffer)[]): Buffer {
  const hmac = createHmac('sha256', secret);
  for (const chunk of chunks) hmac.update(chunk);
  return Buffer.from(`sha256=${hmac.digest('hex')}`);
}

function same(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The webhook door's checks: an HMAC over timestamp and body, a timestamp within
 * INTAKE_WEBHOOK_MAX_AGE_SECONDS of our clock, and each signature accepted once (kept in
 * PostgreSQL for the whole window, so a captured request cannot be replayed on any replica).
 */
@Injectable()
export class WebhookSignatureService {
  constructor(
    private readonly signatures: WebhookSignaturesRepository,
    private readonly intake: IntakeService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Verifies, claims the signature, then commits the raw message; resolves with its id. */
  async receive(secret: string, headers: Record<string, string | string[] | undefined>, body: Buffer, ip: string): Promise<string> {
    const signature = this.verify(secret, headers, body);
    const claim = createHash('sha256').update(signature).digest('hex');
    const now = this.clock.now();
    const window = this.config.INTAKE_WEBHOOK_MAX_AGE_SECONDS;
    // A signature stays claimable-for-replay until its timestamp leaves the window: at most two windows after arrival.
    await this.signatures.deleteReceivedBefore(new Date(now.getTime() - 2 * window * 1000));
    if (!(await this.signatures.claim(claim, now))) {
      throw conflict('duplicate', 'This signed request was already received: a replay is refused. Sign each delivery with a fresh timestamp.');
    }
    try {
      return await this.intake.accept({ bytes: body, door: 'webhook', source: ip });
    } catch (error) {
      // Not stored: the sender's retry with the same signature must still get in.
      await this.signatures.release(claim).catch(() => undefined);
      throw error;
    }
  }

  private verify(secret: string, headers: Record<string, string | string[] | undefined>, body: Buffer): Buffer {
    const header = headers[WEBHOOK_SIGNATURE_HEADER];
    const given = Buffer.from(typeof header === 'string' ? header.trim().toLowerCase() : '');
    const stamp = headers[WEBHOOK_TIMESTAMP_HEADER];
    const timestamp = typeof stamp === 'string' ? stamp.trim() : '';
    if (!timestamp) {
      // A sender on the old body-only scheme is told what changed rather than just "invalid".
      const old = given.length > 0 && same(given, sign(secret, body));
      throw new UnauthorizedException(
        old
          ? `Missing ${WEBHOOK_TIMESTAMP_HEADER}: a signature over the body alone is no longer accepted (it could be replayed). Send ${SCHEME}.`
          : `Missing or invalid ${WEBHOOK_SIGNATURE_HEADER}: send ${SCHEME}.`,
      );
    }
    if (!/^\d{1,12}$/.test(timestamp)) throw new UnauthorizedException(`Invalid ${WEBHOOK_TIMESTAMP_HEADER}: expected the Unix time in whole seconds.`);
    if (!same(given, sign(secret, timestamp, '.', body))) {
      throw new UnauthorizedException(`Missing or invalid ${WEBHOOK_SIGNATURE_HEADER}: send ${SCHEME}.`);
    }
    const skew = Math.round(Math.abs(this.clock.now().getTime() / 1000 - Number(timestamp)));
    const window = this.config.INTAKE_WEBHOOK_MAX_AGE_SECONDS;
    if (skew > window) {
      throw new UnauthorizedException(
        `${WEBHOOK_TIMESTAMP_HEADER} is ${skew} seconds away from this server's time; at most ${window} seconds are accepted. Sign with the current time.`,
      );
    }
    return given;
  }
}
