import { SetMetadata } from '@nestjs/common';

export const CHANGES_PRINCIPAL = 'newsdesk:changesPrincipal';

/**
 * Marks a write that can change what a cached session or token answers (who, which role, active,
 * two-factor state, still valid): it answers only after every replica's principal cache has heard
 * it (PrincipalCacheInterceptor). Other writes do not wait; the NOTIFY triggers still reach every cache.
 */
export const ChangesPrincipal = () => SetMetadata(CHANGES_PRINCIPAL, true);
