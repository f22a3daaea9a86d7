import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { listUsers } from '../../../api/users';

/** All staff accounts: assignment menus and the admin's user list. */
export function useUsers() {
  return useQuery({
    queryKey: queryKeys.users.all,
    queryFn: ({ signal }) => listUsers(signal),
    staleTime: 5 * 60_000,
  });
}
