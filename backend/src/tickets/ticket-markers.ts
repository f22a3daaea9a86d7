import type { TicketSummaryDto } from '@newsdesk/shared';

export type Markers = Pick<TicketSummaryDto, 'unread' | 'repliedSinceAnswer' | 'approvalPending' | 'story'>;

/** The marker columns a page statement wrapped by pageWithMarkers adds to each row. */
export interface MarkerColumns {
  last_inbound_at: Date | null;
  last_outbound_at: Date | null;
  last_read_at: Date | null;
  approval_pending: boolean;
  story_id: string | null;
  story_title: string | null;
}

/**
 * A page statement (rows with an `id` column) with the officer's markers added, as one statement:
 * the page is chosen first behind a materialised fence (so its plan and keyset order stay as they
 * are), then each of its rows gets its markers; `orderBy` restates the page's order on `page.*`.
 * Unread is inbound mail newer than the officer's last opening; "replied" is inbound mail newer
 * than our last answer.
 */
export function pageWithMarkers(pageStatement: string, userParam: string, orderBy: string): string {
  return `WITH page AS MATERIALIZED (${pageStatement})
    SELECT page.*,
           (SELECT max(m.created_at) FROM messages m WHERE m.ticket_id = page.id AND m.kind = 'inbound') AS last_inbound_at,
           (SELECT max(m.created_at) FROM messages m WHERE m.ticket_id = page.id AND m.kind = 'outbound') AS last_outbound_at,
           r.last_read_at,
           EXISTS (SELECT 1 FROM approvals ap WHERE ap.ticket_id = page.id AND ap.status = 'pending') AS approval_pending,
           s.id AS story_id, s.title AS story_title
      FROM page
      LEFT JOIN ticket_reads r ON r.ticket_id = page.id AND r.user_id = ${userParam}
      LEFT JOIN story_tickets st ON st.ticket_id = page.id
      LEFT JOIN stories s ON s.id = st.story_id
     ORDER BY ${orderBy}`;
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
