import type { MetricsSummaryParams } from '@newsdesk/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getMetricsComparison } from '../../../api/metric-reports';
import { queryKeys } from '../../../api/query-keys';

/** Every headline figure (and each group's, with `groupBy`) against the period just before the range. */
export function useMetricsComparison(query: MetricsSummaryParams) {
  return useQuery({ queryKey: queryKeys.metrics.comparison(query), queryFn: ({ signal }) => getMetricsComparison(query, signal), placeholderData: keepPreviousData });
}
