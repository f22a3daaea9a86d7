import { useMutation, useQueryClient } from '@tanstack/react-query';
import { eraseJournalist } from '../../../api/privacy';
import { queryKeys } from '../../../api/query-keys';

/** Erasure blanks the contact and cuts their data from tickets, threads and the outbox. */
export function useEraseJournalist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, confirm }: { id: string; confirm: string }) => eraseJournalist(id, confirm),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.journalists.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.stories.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
    },
  });
}
