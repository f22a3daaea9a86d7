import { BadRequestException, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { PasswordResetRequestedDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import { safeSubject } from '../outbound/addresses.js';
import { queueMail } from '../outbound/queue-mail.js';
import { PasswordPolicy } from '../users/password-policy.js';
import { hashPassword } from '../users/passwords.js';
import { UsersService } from '../users/users.service.js';
import { AccountAccessService } from './account-access.service.js';
import { AccountNoticesService } from './account-notices.service.js';
import { revokeCalendarLink } from '../calendar/calendar-link-revocation.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { throttleAddress } from './throttle-address.js';

const HOUR_MS = 3600_000;
const INVALID_LINK = 'This reset link is not valid: it was already used, has expired, or a newer one was sent. Ask for a new link from the sign-in page.';

/**
 * "Forgot password": a public request that answers the same for every address and mails a
 * single-use link (stored as a keyed hash, short-lived) to an active account; the link sets a new
 * password under the policy, ends every session and API token and lifts the lockout. It never
 * signs anyone in, so an account with two-factor still needs its second factor.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly clock: Clock,
    private readonly policy: PasswordPolicy,
    private readonly events: EventsService,
    private readonly notices: AccountNoticesService,
    private readonly repository: PasswordResetRepository,
    private readonly users: UsersService,
    private readonly access: AccountAccessService,
  ) {}

  async request(emailInput: string, ip: string): Promise<PasswordResetRequestedDto> {
    const email = emailInput.trim().toLowerCase();
    const now = this.clock.now();
    const ipKey = this.key('ip', throttleAddress(ip));
    const emailKey = this.key('email', email);
    const retryAfter = await this.dataSource.transaction(async (tx) => {
      // Count and insert as one step across replicas; the endpoint is far too quiet for this lock to queue.
      await this.repository.lockRequests(tx);
      const counts = await this.repository.countRequests(tx, ipKey, emailKey, new Date(now.getTime() - HOUR_MS), now);
      if (counts.ip_count >= this.config.PASSWORD_RESET_MAX_PER_IP_PER_HOUR) {
        return Math.max(1, Math.ceil(((counts.ip_first?.getTime() ?? now.getTime()) + HOUR_MS - now.getTime()) / 1000));
      }
      await this.repository.recordRequest(tx, ipKey, emailKey, now, new Date(now.getTime() - 24 * HOUR_MS));
      // Past the per-address limit the answer stays the same; only the mail is not sent again.
      if (counts.email_count >= this.config.PASSWORD_RESET_MAX_PER_EMAIL_PER_HOUR) return null;
      const user = await this.users.findActiveByEmail(tx, email);
      if (!user) return null;
      const token = randomBytes(32).toString('base64url');
      // One live link per person: asking again makes the previous link useless.
      await this.repository.replaceToken(tx, user.id, this.secrets.hashToken(token), new Date(now.getTime() + this.config.PASSWORD_RESET_TOKEN_MINUTES * 60_000));
      await queueMail(
        tx,
        {
          kind: 'notification',
          from: this.config.intakeAddresses[0],
          to: [{ name: user.name, address: user.email }],
          subject: safeSubject('Newsdesk: choose a new password'),
          text: this.mailText(user.name, token),
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        },
        this.secrets.messageIdKey,
        this.config.MAIL_DOMAIN,
      );
      await this.events.record({ type: 'user.password_reset_requested', entityType: 'user', entityId: user.id, after: { ip: throttleAddress(ip) } }, tx);
      return null;
    });
    if (retryAfter !== null) {
      const minutes = Math.ceil(retryAfter / 60);
      throw new HttpException(
        {
          message: `Too many password reset requests from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin to reset your password.`,
          headers: { 'retry-after': String(retryAfter) },
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    return {
      message: `If an account uses ${email}, a link to choose a new password is on its way there. The link works once, for ${this.config.PASSWORD_RESET_TOKEN_MINUTES} minutes.`,
    };
  }

  /** Sets the new password with the token from the link; it does not sign in (a second factor, if any, is asked at the next sign-in). */
  async complete(token: string, password: string): Promise<void> {
    const tokenHash = this.secrets.hashToken(token);
    const found = await this.repository.findLinkOwner(tokenHash, this.clock.now());
    if (!found) throw new BadRequestException(INVALID_LINK);
    await this.policy.assertAcceptable(password, { email: found.email, name: found.name }, 'password');
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (tx) => {
      // The token is spent here, once: of two concurrent uses only one row update succeeds.
      if (!(await this.repository.spendToken(tx, tokenHash, this.clock.now()))) throw new BadRequestException(INVALID_LINK);
      await this.users.setPasswordHash(tx, found.id, passwordHash);
      await this.repository.deleteUnusedTokensOf(tx, found.id);
      // Whoever held the account (a session, an API token) loses it, and the owner is no longer locked out.
      const sessions = await this.access.endSessions(tx, found.id);
      const apiTokens = await this.access.revokeApiTokens(tx, found.id, this.clock.now());
      const calendarLinks = await revokeCalendarLink(tx, found.id);
      await this.access.clearLockout(tx, found.email);
      await this.events.record(
        { type: 'user.password_reset', entityType: 'user', entityId: found.id, actorId: found.id, after: { via: 'emailed link', sessions, apiTokens, calendarLinks, lockoutLifted: true } },
        tx,
      );
    });
    await this.notices.send(
      found.id,
      'your password was changed',
      'Your password was just changed with a "forgot password" link. Every session and API token of your account was ended.',
    );
  }

  private mailText(name: string, token: string): string {
    return [
      `Hello ${name},`,
      '',
      'Someone (we hope you) asked to choose a new Newsdesk password for this address. Open this link to do it:',
      '',
      // The token rides in the fragment: browsers never send it to the server in a request line or a Referer.
      `${this.config.publicUrl}/reset-password#token=${token}`,
      '',
      `The link works once, for ${this.config.PASSWORD_RESET_TOKEN_MINUTES} minutes. Choosing a new password signs you out everywhere; if you use two-factor sign-in, you still need your code.`,
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    ].join('\n');
  }

  private key(kind: 'ip' | 'email', value: string): string {
    return this.secrets.hashToken(`password-reset:${kind}\u0000${value}`);
  }
}
