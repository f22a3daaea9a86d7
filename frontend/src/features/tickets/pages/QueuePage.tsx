import { useSearchParams } from 'react-router';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { useNow } from '../../../hooks/useNow';
import { QueueFilters } from '../components/QueueFilters';
import { QueueTable } from '../components/QueueTable';
import { useTicketQueue } from '../hooks/useTicketQueue';
import { readQueueFilters, toQueueSearchParams } from '../queue-filters';

export function QueuePage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = readQueueFilters(searchParams);
  const queue = useTicketQueue(filters);
  const now = useNow(30_000);
  const tickets = queue.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <title>Queue · Newsdesk</title>
      <div className="page-header">
        <h1>Queue</h1>
      </div>
      <QueueFilters filters={filters} onChange={(next) => setSearchParams(toQueueSearchParams(next))} />
      {queue.isPending && <p role="status">Loading inquiries…</p>}
      {queue.isError && (
        <ErrorPanel title="The queue could not load." error={queue.error} onRetry={() => void queue.refetch()} />
      )}
      {queue.isSuccess && tickets.length === 0 && <p className="empty-state">No inquiries match these filters.</p>}
      {tickets.length > 0 && <QueueTable tickets={tickets} now={now} />}
      {queue.hasNextPage && (
        <div className="load-more">
          <button
            type="button"
            className="button"
            onClick={() => void queue.fetchNextPage()}
            disabled={queue.isFetchingNextPage}
          >
            {queue.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </>
  );
}
