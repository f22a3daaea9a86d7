import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, concatMap, from, type Observable } from 'rxjs';
import { PrincipalCache } from './principal-cache.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write (a sign-out, a revoked token, a role change …) answers only after every replica's principal
 * cache has dropped what it changed (PrincipalCache.settle): the next request, on any replica, sees it.
 */
@Injectable()
export class PrincipalCacheInterceptor implements NestInterceptor {
  constructor(private readonly cache: PrincipalCache) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const { method } = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(method)) return next.handle();
    return next.handle().pipe(
      concatMap((value: unknown) => from(this.cache.settle().then(() => value))),
      catchError((error: unknown) =>
        from(
          this.cache.settle().then(() => {
            throw error;
          }),
        ),
      ),
    );
  }
}
