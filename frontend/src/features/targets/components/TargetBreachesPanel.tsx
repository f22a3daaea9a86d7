import type { TargetOutcomesParams } from '@newsdesk/shared';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { LoadMore } from '../../../components/LoadMore';
import { formatDuration } from '../../metrics/metrics-params';
import { useTargetBreaches } from '../hooks/useTargetOutcomes';

export interface BreachesShown {
  title: string;
  query: TargetOutcomesParams;
}

const at = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** The breaches behind a number: who held the ticket, which outlet, and how late the first reply was (or still is). */
export function TargetBreachesPanel({ shown, onClose }: { shown: BreachesShown; onClose: () => void }) {
  const breaches = useTargetBreaches(shown.query);
  const heading = useRef<HTMLHeadingElement>(null);
  const items = breaches.data?.pages.flatMap((page) => page.items) ?? [];
  useEffect(() => heading.current?.focus(), [shown]);

  return (
    <section className="panel panel--wide target-breaches" aria-labelledby="target-breaches-heading">
      <div className="page-header">
        <h3 id="target-breaches-heading" ref={heading} tabIndex={-1}>
          {shown.title}
        </h3>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {breaches.isPending && <p role="status">Loading breaches…</p>}
      {breaches.isError && <ErrorPanel title="The breaches could not load." error={breaches.error} onRetry={() => void breaches.refetch()} />}
      {breaches.isSuccess && items.length === 0 && <p className="empty-state">No target was missed here.</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{shown.title}</caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Subject</th>
                <th scope="col">Officer</th>
                <th scope="col">Outlet</th>
                <th scope="col">Target</th>
                <th scope="col">Due</th>
                <th scope="col">How late</th>
              </tr>
            </thead>
            <tbody>
              {items.map((breach) => (
                <tr key={breach.ticketId}>
                  <td>
                    <Link to={`/tickets/${breach.reference}`}>{breach.reference}</Link>
                  </td>
                  <th scope="row">{breach.subject}</th>
                  <td>{breach.officer?.name ?? <span className="muted">Unassigned</span>}</td>
                  <td>
                    {breach.outlet ? (
                      <>
                        {breach.outlet.name}
                        {breach.outlet.tier && <span className="muted"> · {breach.outlet.tier}</span>}
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>{formatDuration(breach.targetMinutes * 60)}</td>
                  <td>{at(breach.dueAt)}</td>
                  <td className="target-outcomes__late">
                    {formatDuration(breach.lateSeconds)}
                    {breach.firstResponseAt ? '' : ' · still unanswered'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={breaches} showProgress />
    </section>
  );
}
