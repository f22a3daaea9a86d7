import { Injectable, UnauthorizedException } from '@nestjs/common';
import type { SecondFactorChallengeDto, SessionDto } from '@newsdesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventsService } from '../events/events.service.js';
import { verifyAgainstDummy, verifyPassword } from '../users/passwords.js';
import type { User } from '../users/user.entity.js';
import { toUserDto, UsersService } from '../users/users.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import type { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { TwoFactorService } from './two-factor.service.js';

export function toSessionDto(user: User, session: Session): SessionDto {
  return { user: toUserDto(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionsService,
    private readonly events: EventsService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  /** Checks a password (rate-limited first, constant work for unknown accounts); used by the local strategy. */
  async validateCredentials(rawEmail: string, password: string, ip: string): Promise<User> {
    const email = rawEmail.trim().toLowerCase();
    // Counted as a failure until it succeeds, so parallel guesses cannot slip past the limit.
    await this.throttle.reserve(email, ip);
    const user = await this.users.findForSignIn(email);
    const valid = user ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstDummy(password), false);
    if (!user || !valid || !user.active) {
      await this.events.recordOutsideTransaction({ type: 'auth.login_failed', entityType: 'user', entityId: user?.id ?? null, after: { email, ip } });
      throw new UnauthorizedException('Email or password is incorrect');
    }
    // Only this address's password failures: a colleague's success must not unlock an attacker's IP, nor a password reset second-factor failures.
    await this.throttle.clear(email, ip, ['password']);
    return user;
  }

  async login(user: User, request: FastifyRequest, reply: FastifyReply): Promise<SessionDto | SecondFactorChallengeDto> {
    const challenge = await this.twoFactor.challengeIfEnrolled(user, request.ip);
    if (challenge) return challenge;
    const session = await this.sessions.start(user, request, reply);
    await this.events.recordOutsideTransaction({ type: 'auth.login', entityType: 'user', entityId: user.id, actorId: user.id, after: { ip: request.ip } });
    return toSessionDto(user, session);
  }
}
