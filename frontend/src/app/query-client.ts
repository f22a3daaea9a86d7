import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { TWO_FACTOR_ENROLMENT_REQUIRED } from '@newsdesk/shared';
import { ApiError, isForbidden, isUnauthorized, setCsrfToken } from '../api/client';
import { queryKeys } from '../api/query-keys';

/**
 * One client per app. A 401 from any call ends the session in the cache, and the session
 * guard then sends the user to the sign-in page with the current path as `next`.
 */
export function createQueryClient(): QueryClient {
  const endSessionOnUnauthorized = (error: unknown): void => {
    // The role must set up two-factor sign-in first: the session guard sends the user to do so.
    if (isForbidden(error) && error instanceof ApiError && error.message === TWO_FACTOR_ENROLMENT_REQUIRED) {
      queryClient.setQueryData(queryKeys.twoFactor.enrolmentRequired, true);
    }
    if (!isUnauthorized(error)) return;
    setCsrfToken(null);
    queryClient.setQueryData(queryKeys.session, null);
  };

  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError: endSessionOnUnauthorized }),
    mutationCache: new MutationCache({ onError: endSessionOnUnauthorized }),
    defaultOptions: {
      queries: { retry: retryServerFailures, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
  return queryClient;
}

// A 4xx will answer the same way again; only network and server failures are worth a retry.
function retryServerFailures(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < 2;
}
