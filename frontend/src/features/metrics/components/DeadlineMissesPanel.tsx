import type { MetricsQueryParams } from '@newsdesk/shared';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { deadlineMissesCsvUrl } from '../../../api/metric-reports';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { LoadMore } from '../../../components/LoadMore';
import { useDeadlineMisses } from '../hooks/useDeadlineMisses';
import { formatDuration } from '../metrics-params';
import '../metric-reports.css';

export interface MissesShown {
  title: string;
  query: MetricsQueryParams;
}

const at = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** The deadlines missed in a range: who asked, from which outlet, who held the ticket and how late. */
export function DeadlineMissesPanel({ shown, onClose }: { shown: MissesShown; onClose: () => void }) {
  const misses = useDeadlineMisses(shown.query);
  const heading = useRef<HTMLHeadingElement>(null);
  const items = misses.data?.pages.flatMap((page) => page.items) ?? [];
  useEffect(() => heading.current?.focus(), [shown]);

  return (
    <section className="panel panel--wide metric-tickets deadline-misses" aria-labelledby="deadline-misses-heading">
      <div className="page-header">
        <h2 id="deadline-misses-heading" ref={heading} tabIndex={-1}>
          {shown.title}
        </h2>
        <div className="button-row">
          <a className="button button--quiet" href={deadlineMissesCsvUrl(shown.query)} download>
            Download (CSV)
          </a>
          <button type="button" className="button button--quiet" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      {misses.isPending && <p role="status">Loading missed deadlines…</p>}
      {misses.isError && <ErrorPanel title="The missed deadlines could not load." error={misses.error} onRetry={() => void misses.refetch()} />}
      {misses.isSuccess && items.length === 0 && <p className="empty-state">No deadline was missed in this range.</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{shown.title}</caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Subject</th>
                <th scope="col">Journalist</th>
                <th scope="col">Outlet</th>
                <th scope="col">Officer then</th>
                <th scope="col">Deadline</th>
                <th scope="col">How late</th>
              </tr>
            </thead>
            <tbody>
              {items.map((miss) => (
                <tr key={miss.ticketId}>
                  <td>
                    <Link to={`/tickets/${miss.reference}`}>{miss.reference}</Link>
                  </td>
                  <th scope="row">{miss.subject}</th>
                  <td>{miss.journalist?.name || miss.journalist?.email || <span className="muted">Unknown</span>}</td>
                  <td>
                    {miss.outlet ? (
                      <>
                        {miss.outlet.name}
                        {miss.outlet.tier && <span className="muted"> · {miss.outlet.tier}</span>}
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>{miss.officer?.name ?? <span className="muted">Unassigned</span>}</td>
                  <td>{at(miss.deadlineAt)}</td>
                  <td className="deadline-misses__late">{miss.answeredAt ? `answered ${formatDuration(miss.lateSeconds)} late` : `no reply yet (${formatDuration(miss.lateSeconds)})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={misses} showProgress />
    </section>
  );
}
