import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from '../../../api/query-keys';
import { deletePresence, PRESENCE_HEARTBEAT_MS, putPresence, type PresenceState, type PresenceViewer } from '../../../api/realtime';

const NOBODY: PresenceViewer[] = [];

/**
 * Tells the server this user has the ticket open (viewing or replying), with a heartbeat while
 * it stays open, and returns who else has it open, as the event stream reports it.
 */
export function usePresence(ticketId: string | undefined, state: PresenceState): PresenceViewer[] {
  useEffect(() => {
    if (!ticketId) return;
    // Presence is a courtesy: a failed heartbeat must not disturb the page.
    const beat = () => void putPresence(ticketId, state).catch(() => undefined);
    beat();
    const timer = window.setInterval(beat, PRESENCE_HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [ticketId, state]);

  useEffect(() => {
    if (!ticketId) return;
    return () => void deletePresence(ticketId).catch(() => undefined);
  }, [ticketId]);

  const viewers = useQuery({
    queryKey: queryKeys.presence(ticketId ?? ''),
    queryFn: () => NOBODY,
    initialData: NOBODY,
    staleTime: Infinity,
    enabled: !!ticketId,
  });
  return viewers.data;
}
