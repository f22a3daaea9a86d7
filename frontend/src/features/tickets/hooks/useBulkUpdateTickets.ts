import type { TicketQueueItemDto, UpdateTicketRequest } from '@newsdesk/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { updateTicket } from '../../../api/tickets';
import type { TicketChange } from './useUndoTicketChanges';

export interface BulkUpdate {
  tickets: TicketQueueItemDto[];
  /** The change for one ticket (tags are added per ticket, so it may depend on it). */
  patch: (ticket: TicketQueueItemDto) => UpdateTicketRequest;
}

export interface BulkResult {
  updated: number;
  failed: { reference: string; message: string }[];
  /** What was changed, for an Undo. */
  changes: TicketChange[];
}

// A few requests at a time: quick for a screenful of tickets, gentle on the server for hundreds.
const CONCURRENCY = 4;

/** Applies one change to many tickets, one PATCH each; reports the ones the server refused. */
export function useBulkUpdateTickets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ tickets, patch }: BulkUpdate): Promise<BulkResult> => {
      const result: BulkResult = { updated: 0, failed: [], changes: [] };
      const pending = [...tickets];
      const worker = async () => {
        for (let ticket = pending.shift(); ticket; ticket = pending.shift()) {
          try {
            const change = patch(ticket);
            const after = await updateTicket(ticket.id, change);
            result.updated++;
            result.changes.push({ before: ticket, change, after });
          } catch (error) {
            result.failed.push({ reference: ticket.reference, message: error instanceof Error ? error.message : String(error) });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, tickets.length) }, worker));
      return result;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all }),
  });
}
