import type { ContactInquiryDto } from '@newsdesk/shared';
import { Link } from 'react-router';
import { formatDateTime } from '../../../components/RelativeTime';
import { TICKET_STATUS_LABELS } from '../../tickets/ticket-status-labels';
import { LinkList } from '../../../components/LinkList';
import { Muted } from '../../../components/Muted';

/** A contact's inquiries, newest first. */
export function TicketHistory({ tickets }: { tickets: ContactInquiryDto[] | undefined }) {
  if (!tickets) return <Muted as="p">No history available.</Muted>;
  if (tickets.length === 0) return <Muted as="p">No inquiries yet.</Muted>;
  return (
    <LinkList>
      {tickets.map((ticket) => (
        <li key={ticket.id}>
          <Link to={`/tickets/${ticket.reference}`}>
            {ticket.reference} · {ticket.subject}
          </Link>
          <Muted>
            {' '}
            {TICKET_STATUS_LABELS[ticket.status]}, {formatDateTime(ticket.createdAt)}
          </Muted>
        </li>
      ))}
    </LinkList>
  );
}
