import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MetricsQuery } from '../../../api/metrics';
import { getMetricsComparison } from '../../../api/metric-reports';
import { queryKeys } from '../../../api/query-keys';

/** Every headline figure against the period just before the range. */
export function useMetricsComparison(query: MetricsQuery) {
  return useQuery({ queryKey: queryKeys.metrics.comparison(query), queryFn: ({ signal }) => getMetricsComparison(query, signal), placeholderData: keepPreviousData });
}
