import { send } from './client';

// Contracts of the live stream; they move to shared/src/realtime.ts when the backend lands them.

export const EVENT_STREAM_URL = '/api/events/stream';

/** `event: ticket`: something changed on a ticket. */
export interface TicketStreamEvent {
  ticketId: string;
  reference: string;
  type: string;
  actorId: string | null;
  at: string;
}

export type PresenceState = 'viewing' | 'replying';

export interface PresenceViewer {
  userId: string;
  name: string;
  state: PresenceState;
  since: string;
}

/** `event: presence`: who has a ticket open right now. */
export interface PresenceStreamEvent {
  ticketId: string;
  viewers: PresenceViewer[];
}

/** Heartbeat: repeat at least every PRESENCE_HEARTBEAT_MS while the ticket is open. */
export function putPresence(ticketId: string, state: PresenceState): Promise<void> {
  return send(`/api/tickets/${encodeURIComponent(ticketId)}/presence`, { method: 'PUT', body: { state } });
}

export function deletePresence(ticketId: string): Promise<void> {
  return send(`/api/tickets/${encodeURIComponent(ticketId)}/presence`, { method: 'DELETE' });
}

export const PRESENCE_HEARTBEAT_MS = 15_000;
