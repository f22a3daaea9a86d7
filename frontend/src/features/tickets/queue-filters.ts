import { TICKET_STATUSES, type TicketStatus } from '@newsdesk/shared';
import type { TicketQueueFilters } from '../../api/tickets';

/** The queue's filters live in the address, so a filtered view can be bookmarked and shared. */
export function readQueueFilters(params: URLSearchParams): TicketQueueFilters {
  const q = params.get('q')?.trim();
  return {
    status: parseTicketStatus(params.get('status')),
    q: q ? q : undefined,
    sort: 'deadline',
  };
}

export function toQueueSearchParams({ status, q }: TicketQueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (q) params.set('q', q);
  return params;
}

/** The status a filter names, or undefined for "all" and for anything unknown. */
export function parseTicketStatus(value: string | null): TicketStatus | undefined {
  return TICKET_STATUSES.find((status) => status === value);
}
