import type { TicketSummaryDto } from '@newsdesk/shared';
import type { Timestamp } from './ticket.mapper.js';

export type Markers = Pick<TicketSummaryDto, 'unread' | 'repliedSinceAnswer' | 'approvalPending' | 'story'>;

/** The marker columns a page statement wrapped by pageWithMarkers (tickets.repository.ts) adds to each row. */
export interface MarkerColumns {
  last_inbound_at: Timestamp | null;
  last_outbound_at: Timestamp | null;
  last_read_at: Timestamp | null;
  approval_pending: boolean;
  story_id: string | null;
  story_title: string | null;
}

/** Milliseconds of a timestamp read as a Date or as ISO text (the same truncation either way). */
const millis = (at: Timestamp) => (typeof at === 'string' ? Date.parse(at) : at.getTime());

export function toMarkers(row: MarkerColumns): Markers {
  const inbound = row.last_inbound_at === null ? null : millis(row.last_inbound_at);
  return {
    unread: inbound !== null && (row.last_read_at === null || inbound > millis(row.last_read_at)),
    repliedSinceAnswer: inbound !== null && row.last_outbound_at !== null && inbound > millis(row.last_outbound_at),
    approvalPending: row.approval_pending,
    story: row.story_id ? { id: row.story_id, title: row.story_title ?? '' } : null,
  };
}
