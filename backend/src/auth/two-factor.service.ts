import { BadRequestException, ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  RecoveryCodesDto,
  SecondFactorChallengeDto,
  SessionDto,
  TwoFactorEnrolmentDto,
  TwoFactorStatusDto,
  UserRole,
} from '@newsdesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import type { RequestUser } from '../common/request-user.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import { verifyPassword } from '../users/passwords.js';
import type { User } from '../users/user.entity.js';
import { toUserDto, UsersService } from '../users/users.service.js';
import { AccountNoticesService } from './account-notices.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { SessionsService } from './sessions.service.js';
import { openTotpSecret, sealTotpSecret } from './totp-secret-box.js';
import { TwoFactorRepository } from './two-factor.repository.js';
import { conflict } from '../common/http-errors.js';

const PERIOD_SECONDS = 30;
const CHALLENGE_MINUTES = 5;
// Wrong codes on one challenge before it is thrown away and the password must be given again.
const CHALLENGE_MAX_ATTEMPTS = 5;
const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** TOTP (RFC 6238) second factor: enrolment, recovery codes, the second sign-in step, enforcement per role. */
@Injectable()
export class TwoFactorService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TwoFactorRepository,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionsService,
    private readonly events: EventsService,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly clock: Clock,
    private readonly notices: AccountNoticesService,
    private readonly users: UsersService,
  ) {}

  isRequiredFor(role: UserRole): boolean {
    return this.config.totpRequiredRoles.includes(role);
  }

  async status(user: RequestUser): Promise<TwoFactorStatusDto> {
    const credential = await this.repository.findCredential(user.id);
    const enabled = !!credential?.confirmedAt;
    const required = this.isRequiredFor(user.role);
    return {
      enabled,
      required,
      enrolmentPending: required && !enabled,
      recoveryCodesLeft: enabled ? await this.repository.countUnusedRecoveryCodes(user.id) : 0,
    };
  }

  /** Generates a new secret (replacing an unconfirmed one); it counts only once a first code confirms it. */
  async startEnrolment(user: RequestUser): Promise<TwoFactorEnrolmentDto> {
    const secret = new Secret({ size: 20 });
    const saved = await this.repository.saveUnconfirmed(user.id, sealTotpSecret(this.secrets.totpKey, user.id, secret.base32));
    if (!saved) throw conflict('invalid_state', 'Two-factor sign-in is already on; turn it off first to set up a new app');
    return { otpauthUri: this.totp(secret.base32, user.email).toString(), secret: secret.base32 };
  }

  /** Confirms the enrolment with a first code and returns the recovery codes, which are never shown again. */
  async confirmEnrolment(user: RequestUser, code: string): Promise<RecoveryCodesDto> {
    const credential = await this.repository.findCredential(user.id);
    if (!credential) throw conflict('invalid_state', 'Start setting up two-factor sign-in first');
    if (credential.confirmedAt) throw conflict('invalid_state', 'Two-factor sign-in is already on');
    if (!(await this.acceptTotp(user.id, user.email, credential.secretEncrypted, code))) {
      // 400, not 401: the session is fine, only the code is wrong (a 401 signs the dashboard out).
      throw new BadRequestException('That code is not right; check the time on your phone and type the code your app shows now');
    }
    const recoveryCodes = newRecoveryCodes();
    await this.dataSource.transaction(async (tx) => {
      await this.repository.confirm(tx, user.id, this.clock.now(), recoveryCodes.map((recoveryCode) => this.hashRecoveryCode(recoveryCode)));
      await this.events.record({ type: 'auth.two_factor_enabled', entityType: 'user', entityId: user.id, actorId: user.id }, tx);
    });
    await this.notices.send(user.id, 'two-factor sign-in turned on', 'Two-factor sign-in was just turned on for your account.');
    return { recoveryCodes };
  }

  /** Replaces all recovery codes (used or not) with ten new ones; needs a current code from the app, throttled like sign-in. */
  async regenerateRecoveryCodes(user: RequestUser, code: string, ip: string): Promise<RecoveryCodesDto> {
    const credential = await this.repository.findCredential(user.id);
    if (!credential?.confirmedAt) throw conflict('invalid_state', 'Two-factor sign-in is not on');
    await this.throttle.reserve(user.email, ip, 'second_factor');
    if (!(await this.acceptTotp(user.id, user.email, credential.secretEncrypted, code))) {
      throw new BadRequestException('That code is not right, or it was already used');
    }
    await this.throttle.clear(user.email, ip, ['second_factor']);
    const recoveryCodes = newRecoveryCodes();
    await this.dataSource.transaction(async (tx) => {
      await this.repository.replaceRecoveryCodes(tx, user.id, recoveryCodes.map((recoveryCode) => this.hashRecoveryCode(recoveryCode)));
      await this.events.record({ type: 'auth.recovery_codes_replaced', entityType: 'user', entityId: user.id, actorId: user.id }, tx);
    });
    await this.notices.send(user.id, 'new recovery codes', 'New recovery codes were just made for your account; the old ones no longer work.');
    return { recoveryCodes };
  }

  /** Turns TOTP off; needs the password and a current code (or a recovery code), throttled like sign-in. */
  async disable(user: RequestUser, password: string, code: string, ip: string): Promise<void> {
    if (this.isRequiredFor(user.role)) throw new ForbiddenException(`Your role (${user.role}) must use two-factor sign-in; it cannot be turned off`);
    const credential = await this.repository.findCredential(user.id);
    if (!credential?.confirmedAt) throw conflict('invalid_state', 'Two-factor sign-in is not on');
    await this.throttle.reserve(user.email, ip, 'second_factor');
    const account = await this.users.findWithPasswordHash(user.id);
    const passwordOk = await verifyPassword(account.passwordHash, password);
    const codeOk = passwordOk && (await this.acceptCode(user.id, user.email, credential.secretEncrypted, code));
    if (!codeOk) throw new ForbiddenException('Password or code is incorrect');
    await this.throttle.clear(user.email, ip, ['second_factor']);
    await this.dataSource.transaction(async (tx) => {
      await this.repository.remove(tx, user.id);
      await this.events.record({ type: 'auth.two_factor_disabled', entityType: 'user', entityId: user.id, actorId: user.id }, tx);
    });
    await this.notices.send(user.id, 'two-factor sign-in turned off', 'Two-factor sign-in was just turned off for your account.');
  }

  /** An admin turns a colleague's TOTP off (lost phone and recovery codes); with enforcement they must set it up again at next sign-in. */
  async reset(userId: string, actor: RequestUser): Promise<void> {
    if (!isUuid(userId)) throw new NotFoundException('User not found');
    const credential = await this.repository.findCredential(userId);
    if (!credential) throw new NotFoundException('This user has no two-factor sign-in to reset');
    await this.dataSource.transaction(async (tx) => {
      await this.repository.remove(tx, userId);
      await this.events.record({ type: 'auth.two_factor_reset', entityType: 'user', entityId: userId, actorId: actor.id }, tx);
    });
    await this.notices.send(userId, 'two-factor sign-in reset', `${actor.name} (admin) just turned two-factor sign-in off for your account.`);
  }

  /** After a correct password: a short-lived challenge (not a session) when the account has TOTP, else null. */
  async challengeIfEnrolled(user: User, ip: string): Promise<SecondFactorChallengeDto | null> {
    const credential = await this.repository.findCredential(user.id);
    if (!credential?.confirmedAt) return null;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + CHALLENGE_MINUTES * 60_000);
    await this.repository.createChallenge(user.id, this.secrets.hashToken(token), ip, expiresAt);
    return { secondFactorRequired: true, challenge: token, expiresAt: expiresAt.toISOString() };
  }

  /** The second sign-in step: a TOTP code or an unused recovery code turns the challenge into a session. */
  async completeSignIn(
    input: { challenge: string; code?: string; recoveryCode?: string },
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<SessionDto> {
    const expired = () => new UnauthorizedException('This sign-in has expired; enter your email and password again');
    const challenge = await this.repository.findChallenge(this.secrets.hashToken(input.challenge));
    if (!challenge || challenge.expiresAt.getTime() <= this.clock.now().getTime()) throw expired();
    if (!input.code === !input.recoveryCode) throw new UnauthorizedException('Send either the code from your app or a recovery code');
    // The per-challenge count is taken before the check, so parallel guesses on one challenge are bounded too.
    if (!(await this.repository.countChallengeAttempt(challenge.id, CHALLENGE_MAX_ATTEMPTS))) {
      await this.repository.deleteChallenge(challenge.id);
      throw new UnauthorizedException('Too many wrong codes; enter your email and password again');
    }
    await this.throttle.reserve(challenge.email, request.ip, 'second_factor');
    const credential = await this.repository.findCredential(challenge.userId);
    if (!credential?.confirmedAt) throw expired();
    const accepted = input.code
      ? await this.acceptTotp(challenge.userId, challenge.email, credential.secretEncrypted, input.code)
      : await this.repository.useRecoveryCode(challenge.userId, this.hashRecoveryCode(input.recoveryCode ?? ''), this.clock.now());
    if (!accepted) {
      await this.events.recordOutsideTransaction({ type: 'auth.second_factor_failed', entityType: 'user', entityId: challenge.userId, after: { ip: request.ip } });
      throw new UnauthorizedException('That code is not right, or it was already used');
    }
    if (!(await this.repository.deleteChallenge(challenge.id))) throw expired();
    await this.throttle.clear(challenge.email, request.ip);
    if (input.recoveryCode) {
      const left = await this.repository.countUnusedRecoveryCodes(challenge.userId);
      await this.notices.send(challenge.userId, 'signed in with a recovery code', `Someone signed in to your account with a recovery code; ${left} of ${RECOVERY_CODE_COUNT} are left.`);
    }
    const user = await this.users.findEntity(challenge.userId);
    if (!user) throw expired();
    const session = await this.sessions.start(user, request, reply);
    await this.events.recordOutsideTransaction({
      type: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      actorId: user.id,
      after: { ip: request.ip, secondFactor: input.code ? 'totp' : 'recovery_code' },
    });
    return { user: toUserDto(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  private totp(base32: string, label: string): TOTP {
    return new TOTP({ issuer: 'Newsdesk', label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(base32) });
  }

  /** A TOTP code valid now (±1 step for clock drift) and not used before: a code replayed within its window is refused. */
  private async acceptTotp(userId: string, email: string, secretEncrypted: string, code: string): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false;
    const now = this.clock.now().getTime();
    const delta = this.totp(openTotpSecret(this.secrets.totpKey, userId, secretEncrypted), email).validate({ token: code, timestamp: now, window: 1 });
    if (delta === null) return false;
    return this.repository.claimStep(userId, Math.floor(now / 1000 / PERIOD_SECONDS) + delta);
  }

  private acceptCode(userId: string, email: string, secretEncrypted: string, code: string): Promise<boolean> {
    return /^\d{6}$/.test(code)
      ? this.acceptTotp(userId, email, secretEncrypted, code)
      : this.repository.useRecoveryCode(userId, this.hashRecoveryCode(code), this.clock.now());
  }

  private hashRecoveryCode(code: string): string {
    return this.secrets.hashToken(`recovery-code:${normaliseRecoveryCode(code)}`);
  }
}
