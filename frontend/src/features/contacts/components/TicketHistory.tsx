import type { ContactInquiryDto } from '@newsdesk/shared';
import { Link } from 'react-router';
import { formatDateTime } from '../../../components/RelativeTime';
import { TICKET_STATUS_LABELS } from '../../tickets/ticket-status-labels';
import { LinkList } from '../../../components/LinkList';

/** A contact's inquiries, newest first. */
export function TicketHistory({ tickets }: { tickets: ContactInquiryDto[] | undefined }) {
  if (!tickets) return <p className="muted">No history available.</p>;
  if (tickets.length === 0) return <p className="muted">No inquiries yet.</p>;
  return (
    <LinkList>
      {tickets.map((ticket) => (
        <li key={ticket.id}>
          <Link to={`/tickets/${ticket.reference}`}>
            {ticket.reference} · {ticket.subject}
          </Link>
          <span className="muted">
            {' '}
            {TICKET_STATUS_LABELS[ticket.status]}, {formatDateTime(ticket.createdAt)}
          </span>
        </li>
      ))}
    </LinkList>
  );
}
