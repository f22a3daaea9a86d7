import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, concatMap, from, type Observable } from 'rxjs';
import { CHANGES_PRINCIPAL } from './changes-principal.decorator.js';
import { PrincipalCache } from './principal-cache.js';

/**
 * A write marked @ChangesPrincipal (a sign-out, a revoked token, a role change …) answers only after
 * every replica's principal cache has dropped what it changed (PrincipalCache.settle): the next
 * request, on any replica, sees it. Every other request passes straight through and keeps the cache.
 */
@Injectable()
export class PrincipalCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly cache: PrincipalCache,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.getAllAndOverride<boolean>(CHANGES_PRINCIPAL, [context.getHandler(), context.getClass()])) return next.handle();
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
