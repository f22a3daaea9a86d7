import type { MetricTicketsParams } from '@newsdesk/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getMetricTickets } from '../../../api/metrics';
import { queryKeys } from '../../../api/query-keys';

/** The tickets behind one number, a page per "Load more". */
export function useMetricTickets(query: MetricTicketsParams | null) {
  return useInfiniteQuery({
    queryKey: queryKeys.metrics.tickets(query ?? { metric: 'received' }),
    queryFn: ({ pageParam, signal }) => getMetricTickets(query!, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    enabled: query !== null,
  });
}
