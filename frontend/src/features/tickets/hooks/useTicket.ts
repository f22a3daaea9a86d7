import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { getTicket } from '../../../api/tickets';

/** One ticket with its thread and events; `idOrReference` as it appears in the address. */
export function useTicket(idOrReference: string) {
  return useQuery({
    queryKey: queryKeys.tickets.detail(idOrReference),
    queryFn: ({ signal }) => getTicket(idOrReference, signal),
    // The event stream invalidates it on every change; a short staleTime covers a dropped stream.
    staleTime: 10_000,
  });
}
