import type { TicketSummaryDto } from '@newsdesk/shared';
import { formatDateTime } from '../../components/RelativeTime';

/** Fills a reply template's {{variables}} for the composer, where the officer can still edit it. */
export function fillTemplate(body: string, ticket: Pick<TicketSummaryDto, 'journalist' | 'reference' | 'deadlineAt'>, officerName: string): string {
  const values: Record<string, string> = {
    'journalist.name': ticket.journalist?.name ?? '',
    'ticket.reference': ticket.reference,
    'ticket.deadline': ticket.deadlineAt ? formatDateTime(ticket.deadlineAt) : '',
    'officer.name': officerName,
  };
  return body.replace(/\{\{\s*([a-z.]+)\s*\}\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}
