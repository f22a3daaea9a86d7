import { useQuery } from '@tanstack/react-query';
import type { ContactFilters } from '../../../api/contacts';
import { listOutlets } from '../../../api/contacts';
import { queryKeys } from '../../../api/query-keys';

/** The first page of outlets matching `filters` (the outlet filter's choices, the outlets list). */
export function useOutlets(filters: ContactFilters = {}) {
  return useQuery({
    queryKey: queryKeys.outlets.list(filters),
    queryFn: ({ signal }) => listOutlets(filters, null, signal),
    staleTime: 5 * 60_000,
  });
}
