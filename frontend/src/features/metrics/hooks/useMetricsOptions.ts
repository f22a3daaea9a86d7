import { useQuery } from '@tanstack/react-query';
import { getMetricsOptions } from '../../../api/metrics';
import { queryKeys } from '../../../api/query-keys';

/** Officers, teams, outlets and topics for the filter menus. */
export function useMetricsOptions() {
  return useQuery({ queryKey: queryKeys.metrics.options, queryFn: ({ signal }) => getMetricsOptions(signal), staleTime: 5 * 60_000 });
}
