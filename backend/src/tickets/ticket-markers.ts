import type { TicketQueueItemDto } from '@newsdesk/shared';

export type Markers = Pick<TicketQueueItemDto, 'unread' | 'repliedSinceAnswer' | 'approvalPending' | 'story'>;

/** The marker columns a page statement wrapped by pageWithMarkers (tickets.repository.ts) adds to each row. */
export interface MarkerColumns {
  unread: boolean;
  replied_since_answer: boolean;
  approval_pending: boolean;
  story_id: string | null;
  story_title: string | null;
}

export function toMarkers(row: MarkerColumns): Markers {
  return {
    unread: row.unread,
    repliedSinceAnswer: row.replied_since_answer,
    approvalPending: row.approval_pending,
    story: row.story_id ? { id: row.story_id, title: row.story_title ?? '' } : null,
  };
}
