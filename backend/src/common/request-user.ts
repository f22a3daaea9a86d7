import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserRole } from '@newsdesk/shared';
import type { FastifyRequest } from 'fastify';

/** Who is making the request, as the auth guard established it. */
export interface RequestUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  /** How they authenticated: a dashboard session cookie or an API token. */
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  sessionExpiresAt?: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: RequestUser;
  }
}

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): RequestUser => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (!request.staff) throw new Error('CurrentUser used on a route without authentication');
  return request.staff;
});
