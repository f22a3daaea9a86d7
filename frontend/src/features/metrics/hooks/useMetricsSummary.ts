import type { MetricsSummaryParams } from '@newsdesk/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getMetricsSummary } from '../../../api/metrics';
import { queryKeys } from '../../../api/query-keys';

/** Headline numbers, or one breakdown (`groupBy`), for the page's range and filters. */
export function useMetricsSummary(query: MetricsSummaryParams) {
  return useQuery({
    queryKey: queryKeys.metrics.summary(query),
    queryFn: ({ signal }) => getMetricsSummary(query, signal),
    placeholderData: keepPreviousData,
  });
}
