import { isEventType, type EventType, type PresenceState, type TicketChangeEventDto, type TicketPresenceDto } from '@newsdesk/shared';
import { isUuid } from '../common/ids.js';

/** A ticket event as the `events_notify` trigger announces it (and as a replay reads it back). */
export interface TicketEventNotice {
  id: string;
  ticketId: string;
  reference: string | null;
  type: EventType;
  actorId: string | null;
  at: string | Date;
}

/** One notice of a `newsdesk_events` payload, or null if it is not one (a hand-made NOTIFY, say). */
function toTicketEventNotice(value: Partial<TicketEventNotice> | null): TicketEventNotice | null {
  if (!value || typeof value !== 'object') return null;
  if (typeof value.id !== 'string' || !/^\d{1,18}$/.test(value.id) || typeof value.ticketId !== 'string' || !isUuid(value.ticketId) || !isEventType(value.type)) return null;
  return {
    id: value.id,
    ticketId: value.ticketId,
    reference: typeof value.reference === 'string' ? value.reference : null,
    type: value.type,
    actorId: typeof value.actorId === 'string' ? value.actorId : null,
    at: typeof value.at === 'string' ? value.at : new Date(),
  };
}

/**
 * The notices of a `newsdesk_events` payload: the `events_notify` trigger sends an array per INSERT
 * statement (one notice each, in id order); a single object is read too. What is not a notice is dropped.
 */
export function parseTicketEventNotices(payload: string): TicketEventNotice[] {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return [];
  }
  return (Array.isArray(value) ? value : [value]).flatMap((item) => toTicketEventNotice(item as Partial<TicketEventNotice> | null) ?? []);
}

export function toTicketChangeEventDto(notice: TicketEventNotice): TicketChangeEventDto {
  return {
    ticketId: notice.ticketId,
    reference: notice.reference ?? '',
    type: notice.type,
    actorId: notice.actorId,
    at: new Date(notice.at).toISOString(),
  };
}

export interface PresenceRow {
  user_id: string;
  name: string;
  state: PresenceState;
  since: Date;
}

export function toTicketPresenceDto(ticketId: string, rows: PresenceRow[]): TicketPresenceDto {
  return {
    ticketId,
    viewers: rows.map((row) => ({ userId: row.user_id, name: row.name, state: row.state, since: row.since.toISOString() })),
  };
}
