import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { PRESENCE_HEARTBEAT_MS, type PresenceState, type PresenceViewerDto } from '@newsdesk/shared';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { deletePresence, putPresence } from '../../../api/realtime';

const NOBODY: PresenceViewerDto[] = [];

/**
 * Tells the server this user has the ticket open (viewing or replying), with a heartbeat while
 * it stays open, and returns who else has it open, as the event stream reports it.
 */
export function usePresence(ticketId: string | undefined, state: PresenceState): PresenceViewerDto[] {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!ticketId) return;
    // Presence is a courtesy: a failed heartbeat must not disturb the page.
    const beat = () =>
      void putPresence(ticketId, state).then(
        (presence) => queryClient.setQueryData(queryKeys.presence(ticketId), presence.viewers),
        () => undefined,
      );
    beat();
    const timer = window.setInterval(beat, PRESENCE_HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [ticketId, state, queryClient]);

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
