import type { EventType } from './events.js';

/** Path of the live-update stream (`text/event-stream`); session cookie or bearer token, like every route. */
export const EVENT_STREAM_PATH = '/api/events/stream';

/** The `event:` names the stream sends; lines starting with `:` are heartbeats (every 20 s). */
export const STREAM_EVENT_TYPES = ['ticket', 'presence'] as const;
export type StreamEventType = (typeof STREAM_EVENT_TYPES)[number];

/** What an officer is doing on a ticket. */
export const PRESENCE_STATES = ['viewing', 'replying'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** Repeat `PUT /api/tickets/:id/presence` this often while the ticket is open. */
export const PRESENCE_HEARTBEAT_MS = 15_000;
/** A presence entry without a heartbeat for this long is gone. */
export const PRESENCE_TTL_MS = 45_000;

/**
 * `event: ticket`: something happened on a ticket (one row of its event log).
 * The SSE `id:` of the message is the event log id; the browser sends it back as Last-Event-ID on
 * reconnect and the server replays what was missed (recent events only; refetch on `open` anyway).
 */
export interface TicketChangeEventDto {
  ticketId: string;
  /** `ND-1042`. */
  reference: string;
  /** The event log type (one of EVENT_TYPES): `ticket.created`, `ticket.updated`, `note.added`, `message.received`, `reply.sent`, … */
  type: EventType;
  /** The staff member who caused it; null for mail, the web form and background work. */
  actorId: string | null;
  /** ISO 8601. */
  at: string;
}

/** One person on a ticket. */
export interface PresenceViewerDto {
  userId: string;
  name: string;
  state: PresenceState;
  /** When they entered this state (ISO 8601). */
  since: string;
}

/**
 * `event: presence` (sent whenever someone starts, changes or stops viewing or replying), and the
 * answer of `GET` / `PUT /api/tickets/:id/presence`. `viewers` includes the caller; filter by `userId`.
 */
export interface TicketPresenceDto {
  ticketId: string;
  viewers: PresenceViewerDto[];
}

/** `PUT /api/tickets/:id/presence` body; `DELETE` on the same path (204) when leaving the ticket. */
export interface UpdatePresenceRequest {
  state: PresenceState;
}

/** The `data:` of each named stream event, for typed `addEventListener` wrappers. */
export interface StreamEventMap {
  ticket: TicketChangeEventDto;
  presence: TicketPresenceDto;
}
