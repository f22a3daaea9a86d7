import type { TicketSummaryDto } from '@newsdesk/shared';

export type Markers = Pick<TicketSummaryDto, 'unread' | 'repliedSinceAnswer' | 'approvalPending' | 'story'>;

/** The marker columns a page statement wrapped by pageWithMarkers (tickets.repository.ts) adds to each row. */
export interface MarkerColumns {
  last_inbound_at: Date | null;
  last_outbound_at: Date | null;
  last_read_at: Date | null;
  approval_pending: boolean;
  story_id: string | null;
  story_title: string | null;
}

export function toMarkers(row: MarkerColumns): Markers {
  const inbound = row.last_inbound_at?.getTime() ?? null;
  return {
    unread: inbound !== null && (row.last_read_at === null || inbound > row.last_read_at.getTime()),
    repliedSinceAnswer: inbound !== null && row.last_outbound_at !== null && inbound > row.last_outbound_at.getTime(),
    approvalPending: row.approval_pending,
    story: row.story_id ? { id: row.story_id, title: row.story_title ?? '' } : null,
  };
}
