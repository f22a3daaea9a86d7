import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ResponseTargetInput } from '@newsdesk/shared';
import { queryKeys } from '../../../api/query-keys';
import { createResponseTarget, deleteResponseTarget, listResponseTargets, updateResponseTarget } from '../../../api/response-targets';

export function useResponseTargets() {
  return useQuery({ queryKey: queryKeys.responseTargets.all, queryFn: ({ signal }) => listResponseTargets(signal) });
}

/** A change moves the due times of waiting tickets, so the queue and the target figures are refetched too. */
function useInvalidateTargets() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.responseTargets.all }),
      client.invalidateQueries({ queryKey: ['metrics', 'targets'] }),
      client.invalidateQueries({ queryKey: queryKeys.tickets.all }),
    ]);
}

export function useCreateResponseTarget() {
  const invalidate = useInvalidateTargets();
  return useMutation({ mutationFn: (input: ResponseTargetInput) => createResponseTarget(input), onSuccess: invalidate });
}

export function useUpdateResponseTarget() {
  const invalidate = useInvalidateTargets();
  return useMutation({ mutationFn: ({ id, minutes }: { id: string; minutes: number }) => updateResponseTarget(id, minutes), onSuccess: invalidate });
}

export function useDeleteResponseTarget() {
  const invalidate = useInvalidateTargets();
  return useMutation({ mutationFn: (id: string) => deleteResponseTarget(id), onSuccess: invalidate });
}
