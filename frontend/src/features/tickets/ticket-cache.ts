import type { TicketDetailDto } from '@newsdesk/shared';
import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys';

/** A ticket a mutation answered with, under both addresses a page may know it by. */
export function storeTicket(queryClient: QueryClient, ticket: TicketDetailDto): void {
  queryClient.setQueryData(queryKeys.tickets.detail(ticket.id), ticket);
  queryClient.setQueryData(queryKeys.tickets.detail(ticket.reference), ticket);
}
