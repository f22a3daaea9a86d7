import type { CreateOutboundTicketRequest } from '@newsdesk/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { startOutboundMail } from '../../../api/tickets';
import { storeTicket } from '../ticket-cache';

export function useStartOutboundMail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateOutboundTicketRequest) => startOutboundMail(input),
    onSuccess: (ticket) => storeTicket(queryClient, ticket),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.queues }),
  });
}
