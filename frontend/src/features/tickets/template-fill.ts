import { fillTemplate as fillTemplateText, type TicketSummaryDto } from '@newsdesk/shared';
import { formatDateTime } from '../../components/RelativeTime';

/**
 * Fills a reply template's {{variables}} for the composer, where the officer can still edit it.
 * The composer's body is Markdown the server renders, so values are escaped exactly as the server does.
 */
export function fillTemplate(body: string, ticket: Pick<TicketSummaryDto, 'journalist' | 'reference' | 'deadlineAt'>, officerName: string): string {
  return fillTemplateText(
    body,
    {
      'journalist.name': ticket.journalist?.name ?? null,
      'ticket.reference': ticket.reference,
      'ticket.deadline': ticket.deadlineAt ? formatDateTime(ticket.deadlineAt) : null,
      'officer.name': officerName,
    },
    'markdown',
  );
}
