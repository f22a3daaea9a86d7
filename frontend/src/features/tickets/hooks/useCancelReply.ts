import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { cancelReply } from '../../../api/tickets';
import { storeTicket } from '../ticket-cache';

export function useCancelReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, messageId }: { ticketId: string; messageId: string }) => cancelReply(ticketId, messageId),
    onSuccess: (ticket) => storeTicket(queryClient, ticket),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.queues }),
  });
}
