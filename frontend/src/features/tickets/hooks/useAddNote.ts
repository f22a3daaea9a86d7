import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { addNote } from '../../../api/tickets';
import { storeTicket } from '../ticket-cache';

export function useAddNote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, text }: { id: string; text: string }) => addNote(id, text),
    onSuccess: (ticket) => storeTicket(queryClient, ticket),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.queues }),
  });
}
