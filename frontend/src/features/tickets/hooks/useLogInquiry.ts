import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { logInquiry, type LoggedInquiryInput } from '../../../api/tickets';
import { storeTicket } from '../ticket-cache';

export function useLogInquiry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoggedInquiryInput) => logInquiry(input),
    onSuccess: (ticket) => storeTicket(queryClient, ticket),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.queues }),
  });
}
