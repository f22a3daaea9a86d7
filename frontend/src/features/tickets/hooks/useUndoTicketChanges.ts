import type { TicketQueueItemDto, UpdateTicketRequest } from '@newsdesk/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { updateTicket } from '../../../api/tickets';
import { undoPatches } from '../ticket-undo';

/** One change to take back: the ticket as it was, what was asked, and the status it ended in. */
export interface TicketChange {
  before: TicketQueueItemDto;
  change: UpdateTicketRequest;
  after: Pick<TicketQueueItemDto, 'status'>;
}

/** Takes changes back (the Undo of a toast), one ticket after another; fails with the first refusal. */
export function useUndoTicketChanges() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: TicketChange[]) => {
      for (const { before, change, after } of changes) {
        for (const patch of undoPatches(before, change, after)) await updateTicket(before.id, patch);
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all }),
  });
}
