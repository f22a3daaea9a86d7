import type { MetricTicketsParams } from '@newsdesk/shared';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useMetricTickets } from '../hooks/useMetricTickets';
import { formatDuration } from '../metrics-params';
import { LoadMore } from '../../../components/LoadMore';

export interface TicketsBehind {
  title: string;
  query: MetricTicketsParams;
}

const at = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** The tickets behind one number, each a link to the ticket. */
export function MetricTicketsPanel({ behind, onClose }: { behind: TicketsBehind; onClose: () => void }) {
  const tickets = useMetricTickets(behind.query);
  const heading = useRef<HTMLHeadingElement>(null);
  const items = tickets.data?.pages.flatMap((page) => page.items) ?? [];
  const timed = ['timeToAcknowledge', 'firstResponseTime', 'resolutionTime'].includes(behind.query.metric);
  useEffect(() => heading.current?.focus(), [behind]);

  return (
    <section className="panel panel--wide metric-tickets" aria-labelledby="metric-tickets-heading">
      <div className="page-header">
        <h2 id="metric-tickets-heading" ref={heading} tabIndex={-1}>
          {behind.title}
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {tickets.isPending && <p role="status">Loading tickets…</p>}
      {tickets.isError && <ErrorPanel title="The tickets could not load." error={tickets.error} onRetry={() => void tickets.refetch()} />}
      {tickets.isSuccess && items.length === 0 && <p className="empty-state">No tickets behind this number.</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{behind.title}</caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Subject</th>
                <th scope="col">When</th>
                {timed && <th scope="col">Took</th>}
                <th scope="col">Officer now</th>
                <th scope="col">Outlet</th>
              </tr>
            </thead>
            <tbody>
              {items.map((ticket) => (
                <tr key={`${ticket.id}-${ticket.at}`}>
                  <td>
                    <Link to={`/tickets/${ticket.reference}`}>{ticket.reference}</Link>
                  </td>
                  <th scope="row">{ticket.subject}</th>
                  <td>{at(ticket.at)}</td>
                  {timed && <td>{formatDuration(ticket.seconds)}</td>}
                  <td>{ticket.officer?.name ?? <span className="muted">Unassigned</span>}</td>
                  <td>{ticket.outlet?.name ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={tickets} showProgress />
    </section>
  );
}
