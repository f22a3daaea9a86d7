import type { SessionDto } from '@newsdesk/shared';
import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys';

/** Drops whatever an earlier user left in the cache, then holds the new session. */
export function startSession(queryClient: QueryClient, session: SessionDto): void {
  queryClient.removeQueries();
  queryClient.setQueryData(queryKeys.session, session);
}
