import { useInfiniteQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { listTickets, type TicketQueueFilters } from '../../../api/tickets';

/** The queue, one page per "Load more". */
export function useTicketQueue(filters: TicketQueueFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.tickets.queue(filters),
    queryFn: ({ pageParam, signal }) => listTickets(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}
