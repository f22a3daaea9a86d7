import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getDigestSubscription, setDigestSubscription } from '../../../api/metrics';
import { queryKeys } from '../../../api/query-keys';

/** Whether the signed-in manager gets the weekly digest mail. */
export function useDigestSubscription() {
  return useQuery({ queryKey: queryKeys.metrics.digest, queryFn: ({ signal }) => getDigestSubscription(signal) });
}

export function useSetDigestSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (subscribed: boolean) => setDigestSubscription(subscribed),
    onSuccess: (result) => queryClient.setQueryData(queryKeys.metrics.digest, result),
  });
}
