import { type PresenceState, type TicketPresenceDto } from '@newsdesk/shared';
import { request, send } from './client';

/** Heartbeat: repeat every PRESENCE_HEARTBEAT_MS while the ticket is open; answers who is on it. */
export function putPresence(ticketId: string, state: PresenceState): Promise<TicketPresenceDto> {
  return request<TicketPresenceDto>(`/api/tickets/${encodeURIComponent(ticketId)}/presence`, { method: 'PUT', body: { state } });
}

export function deletePresence(ticketId: string): Promise<void> {
  return send(`/api/tickets/${encodeURIComponent(ticketId)}/presence`, { method: 'DELETE' });
}
