import type { Page, TicketSort, TicketStatus, TicketSummaryDto } from '@newsdesk/shared';
import { request } from './client';

/** `me`, `none` or a user id. */
export type AssigneeFilter = 'me' | 'none' | (string & {});

export interface TicketQueueFilters {
  status?: TicketStatus;
  assignee?: AssigneeFilter;
  q?: string;
  sort?: TicketSort;
}

export function listTickets(
  filters: TicketQueueFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<TicketSummaryDto>> {
  return request<Page<TicketSummaryDto>>('/api/tickets', {
    query: { ...filters, cursor: cursor ?? undefined },
    signal,
  });
}
