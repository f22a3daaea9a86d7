import { useQuery } from '@tanstack/react-query';
import { getJournalist } from '../../../api/contacts';
import { queryKeys } from '../../../api/query-keys';

/** A journalist with their inquiry history; disabled without an id. */
export function useJournalist(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.journalists.detail(id ?? ''),
    queryFn: ({ signal }) => getJournalist(id ?? '', signal),
    enabled: !!id,
  });
}
