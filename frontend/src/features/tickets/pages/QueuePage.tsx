import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { describeError } from '../../../api/client';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { UndoToast, type UndoToastContent } from '../../../components/UndoToast';
import { useKeyboardShortcuts } from '../../../hooks/useKeyboardShortcuts';
import { useNow } from '../../../hooks/useNow';
import { useOfficeTimeZone } from '../../../hooks/useOfficeTimeZone';
import { useSession } from '../../auth/hooks/useSession';
import { useUsers } from '../../users/hooks/useUsers';
import { BulkActions } from '../components/BulkActions';
import { QueueFilters } from '../components/QueueFilters';
import { QueueGrid } from '../components/QueueGrid';
import { QueueFooter } from '../components/QueueFooter';
import { QueueHeader } from '../components/QueueHeader';
import { useTicketQueue } from '../hooks/useTicketQueue';
import { useUndoTicketChanges, type TicketChange } from '../hooks/useUndoTicketChanges';
import { useUpdateTicket } from '../hooks/useUpdateTicket';
import { readQueueFilters, toQueueSearchParams } from '../queue-filters';
import { EmptyState } from '../../../components/EmptyState';
import { Notice } from '../../../components/Notice';
import { VisuallyHidden } from '../../../components/VisuallyHidden';

// Start loading the next page this many rows before the end comes into view.
const PREFETCH_ROWS = 30;

export function QueuePage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => readQueueFilters(searchParams), [searchParams]);
  const queue = useTicketQueue(filters);
  const session = useSession().data;
  const users = useUsers();
  const assign = useUpdateTicket();
  const now = useNow(30_000);
  const timeZone = useOfficeTimeZone();
  const undo = useUndoTicketChanges();
  // What the last action did, with its Undo: no shortcut changes anything silently.
  const [toast, setToast] = useState<UndoToastContent | null>(null);
  const undoable = (message: string, changes: TicketChange[], undone: string) =>
    setToast({
      message,
      onUndo: async () => {
        await undo.mutateAsync(changes);
        setAnnouncement(undone);
      },
    });
  const navigate = useNavigate();
  const gridRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const outcomeRef = useRef<HTMLSelectElement>(null);
  const tickets = useMemo(() => queue.data?.pages.flatMap((page) => page.items) ?? [], [queue.data]);

  // UI state only: which row the keyboard is on and which rows are ticked, by ticket id.
  const [activeId, setActiveId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [focusClose, setFocusClose] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const activeIndex = Math.max(0, tickets.findIndex((ticket) => ticket.id === activeId));
  const active = tickets.length ? tickets[activeIndex] : undefined;
  const selectedTickets = tickets.filter((ticket) => selected.has(ticket.id));
  const meId = session?.user.id ?? '';

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = queue;
  const loaded = tickets.length;
  const onRangeChange = useCallback(
    (_start: number, end: number) => {
      if (end >= loaded - PREFETCH_ROWS && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    },
    [loaded, hasNextPage, isFetchingNextPage, fetchNextPage],
  );

  useEffect(() => {
    if (!focusClose || selectedTickets.length === 0) return;
    outcomeRef.current?.focus();
    setFocusClose(false);
  }, [focusClose, selectedTickets.length]);

  const move = (delta: number) => {
    if (!tickets.length) return;
    const next = Math.min(tickets.length - 1, Math.max(0, activeIndex + delta));
    setActiveId(tickets[next].id);
    gridRef.current?.focus({ preventScroll: true });
  };
  const open = (compose?: 'reply' | 'note') => {
    if (active) void navigate(`/tickets/${active.reference}${compose ? `?compose=${compose}` : ''}`);
  };
  const toggle = (ticketId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(ticketId)) next.delete(ticketId);
      else next.add(ticketId);
      return next;
    });

  useKeyboardShortcuts({
    j: () => move(1),
    k: () => move(-1),
    x: () => {
      if (!active) return;
      const ticket = active;
      const wasSelected = selected.has(ticket.id);
      toggle(ticket.id);
      setToast({ message: `${ticket.reference} ${wasSelected ? 'unselected' : 'selected'}.`, onUndo: () => toggle(ticket.id) });
    },
    a: () => {
      if (!active || !meId) return;
      const before = active;
      if (before.assignee?.id === meId) {
        setToast({ message: `${before.reference} is already assigned to you.` });
        return;
      }
      const change = { assigneeId: meId };
      assign.mutate(
        { id: before.id, patch: change },
        {
          onSuccess: (ticket) => {
            const previous = before.assignee ? ` (was ${before.assignee.name})` : '';
            undoable(`${ticket.reference} assigned to you${previous}.`, [{ before, change, after: ticket }], `${ticket.reference} assignment undone.`);
          },
        },
      );
    },
    r: () => open('reply'),
    n: () => open('note'),
    e: () => {
      if (!active) return;
      setSelected(new Set([active.id]));
      setFocusClose(true);
    },
    '/': () => searchRef.current?.focus(),
  });

  function handleGridKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target !== event.currentTarget) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Home: () => tickets.length && setActiveId(tickets[0].id),
      End: () => tickets.length && setActiveId(tickets[tickets.length - 1].id),
      Enter: () => open(),
      ' ': () => active && toggle(active.id),
    };
    const handler = keys[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  }

  return (
    <>
      <title>Queue · Newsdesk</title>
      <QueueHeader userId={session?.user.id} currentSearch={toQueueSearchParams(filters).toString()} />
      <QueueFilters
        filters={filters}
        searchRef={searchRef}
        onChange={(next) => {
          setSelected(new Set());
          setSearchParams(toQueueSearchParams(next));
        }}
      />
      {selectedTickets.length > 0 && (
        <BulkActions
          tickets={selectedTickets}
          users={users.data ?? []}
          meId={meId}
          outcomeRef={outcomeRef}
          onClear={() => setSelected(new Set())}
          onDone={(summary, result) => undoable(summary, result.changes, `Undone: ${summary}`)}
        />
      )}
      {queue.isPending && <p role="status">Loading inquiries…</p>}
      {queue.isError && <ErrorPanel title="The queue could not load." error={queue.error} onRetry={() => void queue.refetch()} />}
      {queue.isSuccess && tickets.length === 0 && <EmptyState>No inquiries match these filters.</EmptyState>}
      {tickets.length > 0 && (
        <QueueGrid
          ref={gridRef}
          tickets={tickets}
          now={now}
          timeZone={timeZone}
          activeIndex={activeIndex}
          selected={selected}
          hasMore={queue.hasNextPage}
          onActivate={(index) => setActiveId(tickets[index].id)}
          onToggle={toggle}
          onToggleAll={(select) => setSelected(select ? new Set(tickets.map((ticket) => ticket.id)) : new Set())}
          onRangeChange={onRangeChange}
          onKeyDown={handleGridKeyDown}
        />
      )}
      <QueueFooter loaded={tickets.length} hasMore={queue.hasNextPage} loadingMore={queue.isFetchingNextPage} onLoadMore={() => void queue.fetchNextPage()} />
      {assign.isError && (
        <Notice tone="error" role="alert">
          Could not assign: {describeError(assign.error)}
        </Notice>
      )}
      <VisuallyHidden as="p" role="status">
        {announcement}
      </VisuallyHidden>
      <UndoToast toast={toast} onDismiss={() => setToast(null)} />
    </>
  );
}
