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

/** The `newsdesk_events` payload, or null if it is not one (a hand-made NOTIFY, say). */
export function parseTicketEventNotice(payload: string): TicketEventNotice | null {
  try {
    const value = JSON.parse(payload) as Partial<TicketEventNotice>;
    if (typeof value.id !== 'string' || !/^\d{1,18}$/.test(value.id) || typeof value.ticketId !== 'string' || !isUuid(value.ticketId) || !isEventType(value.type)) return null;
    return {
      id: value.id,
      ticketId: value.ticketId,
      reference: typeof value.reference === 'string' ? value.reference : null,
      type: value.type,
      actorId: typeof value.actorId === 'string' ? value.actorId : null,
      at: typeof value.at === 'string' ? value.at : new Date(),
    };
  } catch {
    return null;
  }
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
