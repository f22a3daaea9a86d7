import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER, TWO_FACTOR_ENROLMENT_REQUIRED, type UserRole } from '@newsdesk/shared';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { RequestUser } from '../common/request-user.js';
import { AppConfig } from '../config/app-config.js';
import { ALLOW_DURING_ENROLMENT } from './allow-during-enrolment.decorator.js';
import { ApiTokensService } from './api-tokens.service.js';
import { assertSameOrigin } from './origin.guard.js';
import { IS_PUBLIC } from './public.decorator.js';
import { ROLES } from './roles.decorator.js';
import { SessionsService } from './sessions.service.js';
import { TwoFactorService } from './two-factor.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Runs on every request: establishes who is calling (bearer API token or session cookie),
 * enforces the origin check and CSRF on cookie-authenticated writes, then the route's roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly tokens: ApiTokensService,
    private readonly config: AppConfig,
    private readonly twoFactor: TwoFactorService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { staff, totpConfirmed } = await this.authenticate(request);
    request.staff = staff;
    // A session whose role requires TOTP may only enrol (or sign out) until it has one; API tokens are unaffected.
    if (
      staff.via === 'session' &&
      !totpConfirmed &&
      this.twoFactor.isRequiredFor(staff.role) &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_DURING_ENROLMENT, targets)
    ) {
      throw new ForbiddenException(TWO_FACTOR_ENROLMENT_REQUIRED);
    }
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(staff.role)) {
      throw new ForbiddenException(`This needs the ${roles.join(' or ')} role; you are signed in as ${staff.role}`);
    }
    return true;
  }

  /** Who is calling, and (for a session) whether they have a confirmed second factor, from one indexed read. */
  private async authenticate(request: FastifyRequest): Promise<{ staff: RequestUser; totpConfirmed: boolean }> {
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const user = match ? await this.tokens.authenticate(match[1]) : null;
      if (!user) throw new UnauthorizedException('Invalid or revoked API token');
      return { staff: { id: user.id, email: user.email, name: user.name, role: user.role, via: 'token' }, totpConfirmed: false };
    }
    const lookup = await this.sessions.lookup(request);
    if (lookup.status === 'expired') throw new UnauthorizedException('Your session has expired; sign in again');
    if (lookup.status === 'invalid') throw new UnauthorizedException('Sign in to continue');
    const { session, user, totpConfirmed } = lookup;
    if (!SAFE_METHODS.has(request.method)) {
      assertSameOrigin(request, this.config);
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameSecret(header, session.csrfToken)) {
        throw new ForbiddenException(`Missing or invalid CSRF token: send the ${CSRF_HEADER} header from your session`);
      }
    }
    return {
      staff: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        via: 'session',
        sessionId: session.id,
        csrfToken: session.csrfToken,
        sessionExpiresAt: session.expiresAt,
      },
      totpConfirmed,
    };
  }
}
