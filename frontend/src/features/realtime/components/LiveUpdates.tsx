import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from '../../../api/query-keys';
import { EVENT_STREAM_PATH, type TicketChangeEventDto, type TicketPresenceDto } from '@newsdesk/shared';
import styles from './LiveUpdates.module.css';

// Bursts of events (a bulk close) become one refetch of the queue.
const QUEUE_REFRESH_DELAY_MS = 400;
// Without a stream, the open pages refresh this often instead.
const FALLBACK_POLL_MS = 30_000;

type StreamState = 'connecting' | 'live' | 'offline';

/**
 * Listens to the server's event stream for as long as someone is signed in: ticket events
 * invalidate the queue and that ticket, presence events land in the cache for the ticket page.
 */
export function LiveUpdates() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setState('offline');
      return;
    }
    let queueTimer: number | undefined;
    let poll: number | undefined;
    let opened = false;
    const refreshQueues = () => {
      window.clearTimeout(queueTimer);
      queueTimer = window.setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.queues });
        // Story pages list their tickets' statuses and deadlines.
        void queryClient.invalidateQueries({ queryKey: queryKeys.stories.all });
      }, QUEUE_REFRESH_DELAY_MS);
    };
    const source = new EventSource(EVENT_STREAM_PATH, { withCredentials: true });

    source.addEventListener('open', () => {
      // Anything may have changed while the stream was down.
      if (opened) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
        void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
      }
      opened = true;
      window.clearInterval(poll);
      poll = undefined;
      setState('live');
    });
    source.addEventListener('error', () => {
      // EventSource retries by itself unless the server refused outright (CLOSED).
      setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
      if (source.readyState === EventSource.CLOSED && poll === undefined) {
        poll = window.setInterval(() => void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all }), FALLBACK_POLL_MS);
      }
    });
    source.addEventListener('ticket', (event) => {
      const data = parse<TicketChangeEventDto>(event);
      if (!data) return;
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.detail(data.ticketId) });
      if (data.reference) void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.detail(data.reference) });
      if (data.type.startsWith('approval.')) void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
      if (data.type === 'statement.delivered') void queryClient.invalidateQueries({ queryKey: queryKeys.statements.all });
      refreshQueues();
    });
    source.addEventListener('presence', (event) => {
      const data = parse<TicketPresenceDto>(event);
      if (data) queryClient.setQueryData(queryKeys.presence(data.ticketId), data.viewers);
    });

    return () => {
      source.close();
      window.clearTimeout(queueTimer);
      window.clearInterval(poll);
    };
  }, [queryClient]);

  return (
    <span className={`${styles.liveStatus} ${styles[`live-status--${state}`] ?? ''}`} role="status" title="Live updates">
      {state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Updates every 30 s'}
    </span>
  );
}

function parse<T>(event: Event): T | null {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}
