import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { markTicketRead } from '../../../api/tickets';

/** Opening a ticket marks it read for this officer, up to the newest message shown. */
export function useMarkTicketRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, upToMessageId }: { id: string; upToMessageId: string }) => markTicketRead(id, upToMessageId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.queues }),
  });
}
