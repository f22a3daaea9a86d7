import type { TicketSummaryDto } from '@newsdesk/shared';
import { useId } from 'react';
import { TICKET_STATUS_LABELS } from '../ticket-status-labels';
import { DeadlineCountdown } from './DeadlineCountdown';

interface QueueTableProps {
  tickets: TicketSummaryDto[];
  now: number;
}

export function QueueTable({ tickets, now }: QueueTableProps) {
  const captionId = useId();
  return (
    // Scrolls sideways on narrow screens; focusable so keyboard users can scroll it too.
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="queue-table">
        <caption id={captionId} className="visually-hidden">
          Inquiries
        </caption>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Subject</th>
            <th scope="col">Journalist</th>
            <th scope="col">Deadline</th>
            <th scope="col">Status</th>
            <th scope="col">Assignee</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr key={ticket.id}>
              <td className="queue-table__reference">{ticket.reference}</td>
              <th scope="row" className="queue-table__subject">
                {ticket.subject}
              </th>
              <td>
                <Journalist ticket={ticket} />
              </td>
              <td>
                <DeadlineCountdown deadlineAt={ticket.deadlineAt} now={now} />
              </td>
              <td>
                <span className={`status status--${ticket.status}`}>{TICKET_STATUS_LABELS[ticket.status]}</span>
              </td>
              <td>{ticket.assignee ? ticket.assignee.name : <span className="muted">Unassigned</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Journalist({ ticket }: { ticket: TicketSummaryDto }) {
  const name = ticket.journalist?.name ?? ticket.journalist?.email;
  return (
    <>
      {name ?? <span className="muted">Unknown</span>}
      {ticket.outlet && <span className="queue-table__outlet">{ticket.outlet.name}</span>}
    </>
  );
}
