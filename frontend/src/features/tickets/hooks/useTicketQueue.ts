import { useInfiniteQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { listTickets, QUEUE_PAGE_SIZE, type TicketQueueFilters } from '../../../api/tickets';

/** The queue, one cursor page at a time as the list scrolls. */
export function useTicketQueue(filters: TicketQueueFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.tickets.queue(filters),
    queryFn: ({ pageParam, signal }) => listTickets(filters, pageParam, signal, QUEUE_PAGE_SIZE),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}
