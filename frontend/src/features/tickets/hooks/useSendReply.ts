import type { CreateReplyRequest } from '@newsdesk/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { sendReply } from '../../../api/tickets';
import { storeTicket } from '../ticket-cache';

export function useSendReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reply }: { id: string; reply: CreateReplyRequest }) => sendReply(id, reply),
    onSuccess: (ticket) => storeTicket(queryClient, ticket),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.queues }),
  });
}
