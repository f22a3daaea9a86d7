import { ForbiddenException, Injectable, UnsupportedMediaTypeException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { originRefusal } from './origin-policy.js';

/** The origin that PUBLIC_URL names, or null when the server should compare against the Host it was reached by. */
export function configuredOrigin(config: AppConfig): string | null {
  return config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : null;
}

/** Throws 403 when a browser sent this write from another site or origin. */
export function assertSameOrigin(request: FastifyRequest, config: AppConfig): void {
  const refusal = originRefusal({ headers: request.headers, host: request.host }, configuredOrigin(config));
  if (refusal) throw new ForbiddenException(refusal);
}

/**
 * For the writes that come before a CSRF token exists (sign-in, first-run setup): the same origin
 * check as every session write, and a JSON body only, since an HTML form on another site can post
 * url-encoded, multipart or text/plain bodies but never application/json without a CORS preflight.
 */
@Injectable()
export class SameOriginJsonGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    assertSameOrigin(request, this.config);
    const type = String(request.headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
    if (type !== 'application/json') {
      throw new UnsupportedMediaTypeException(`This endpoint accepts only application/json bodies (got ${type.slice(0, 60) || 'none'})`);
    }
    return true;
  }
}
