import type { MetricsQueryParams } from '@newsdesk/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getDeadlineMisses } from '../../../api/metric-reports';
import { queryKeys } from '../../../api/query-keys';

/** The missed deadlines of a range, a page per "Load more". */
export function useDeadlineMisses(query: MetricsQueryParams) {
  return useInfiniteQuery({
    queryKey: queryKeys.metrics.deadlineMisses(query),
    queryFn: ({ pageParam, signal }) => getDeadlineMisses(query, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}
