import type { TargetOutcomesParams } from '@newsdesk/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { getTargetBreaches, getTargetOutcomes } from '../../../api/response-targets';

/** Hits, breaches and pending for the range, by officer, tier or topic. */
export function useTargetOutcomes(query: TargetOutcomesParams) {
  return useQuery({ queryKey: queryKeys.responseTargets.outcomes(query), queryFn: ({ signal }) => getTargetOutcomes(query, signal) });
}

/** The breaches behind a number, a page per "Load more". */
export function useTargetBreaches(query: TargetOutcomesParams | null) {
  return useInfiniteQuery({
    queryKey: queryKeys.responseTargets.breaches(query ?? {}),
    queryFn: ({ pageParam, signal }) => getTargetBreaches(query!, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    enabled: query !== null,
  });
}
