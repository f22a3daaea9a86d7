import type { UpdateTicketRequest } from '@newsdesk/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { updateTicket } from '../../../api/tickets';
import { storeTicket } from '../ticket-cache';

export function useUpdateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateTicketRequest }) => updateTicket(id, patch),
    onSuccess: (ticket) => storeTicket(queryClient, ticket),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.queues }),
  });
}
