import type { MetricsSeriesParams } from '@newsdesk/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getMetricsSeries } from '../../../api/metrics';
import { queryKeys } from '../../../api/query-keys';

/** One metric per day, week or month, for the trend chart. */
export function useMetricsSeries(query: MetricsSeriesParams) {
  return useQuery({
    queryKey: queryKeys.metrics.series(query),
    queryFn: ({ signal }) => getMetricsSeries(query, signal),
    placeholderData: keepPreviousData,
  });
}
