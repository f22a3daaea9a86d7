import { useQuery } from '@tanstack/react-query';
import { getSession } from '../../../api/auth';
import { queryKeys } from '../../../api/query-keys';

/** The signed-in session; `data` is null when nobody is signed in. */
export function useSession() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: ({ signal }) => getSession(signal),
    staleTime: 60_000,
  });
}
