import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { getStatement, listStatementDeliveries, listStatements, type StatementFilters } from '../../../api/statements';

export function useStatementList(filters: StatementFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.statements.list(filters),
    queryFn: ({ pageParam, signal }) => listStatements(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** Up to 100 approved statements, by title: what can be inserted or sent. */
export function useApprovedStatements(enabled = true) {
  return useQuery({
    queryKey: queryKeys.statements.approved,
    queryFn: async ({ signal }) => (await listStatements({ status: 'approved' }, null, signal, 100)).items,
    enabled,
  });
}

export function useStatement(id: string) {
  return useQuery({ queryKey: queryKeys.statements.detail(id), queryFn: ({ signal }) => getStatement(id, signal) });
}

export function useStatementDeliveries(id: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.statements.deliveries(id),
    queryFn: ({ pageParam, signal }) => listStatementDeliveries(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}
