import type { TicketSummaryDto } from '@newsdesk/shared';
import type { DataSource, EntityManager } from 'typeorm';

type Markers = Pick<TicketSummaryDto, 'unread' | 'repliedSinceAnswer' | 'approvalPending' | 'story'>;

interface MarkerRow {
  id: string;
  last_inbound_at: Date | null;
  last_outbound_at: Date | null;
  last_read_at: Date | null;
  approval_pending: boolean;
  story_id: string | null;
  story_title: string | null;
}

/**
 * The queue's markers for one page of tickets and one officer, read in one statement after the
 * page is chosen (so the page's plan and its keyset order stay as they are): unread is inbound
 * mail newer than the officer's last opening; "replied" is inbound mail newer than our last answer.
 */
export async function readMarkers(db: DataSource | EntityManager, ticketIds: string[], userId: string): Promise<Map<string, Markers>> {
  if (!ticketIds.length) return new Map();
  const rows = (await db.query(
    `SELECT t.id,
            (SELECT max(m.created_at) FROM messages m WHERE m.ticket_id = t.id AND m.kind = 'inbound') AS last_inbound_at,
            (SELECT max(m.created_at) FROM messages m WHERE m.ticket_id = t.id AND m.kind = 'outbound') AS last_outbound_at,
            r.last_read_at,
            EXISTS (SELECT 1 FROM approvals ap WHERE ap.ticket_id = t.id AND ap.status = 'pending') AS approval_pending,
            s.id AS story_id, s.title AS story_title
       FROM unnest($1::uuid[]) AS t (id)
       LEFT JOIN ticket_reads r ON r.ticket_id = t.id AND r.user_id = $2
       LEFT JOIN story_tickets st ON st.ticket_id = t.id
       LEFT JOIN stories s ON s.id = st.story_id`,
    [ticketIds, userId],
  )) as MarkerRow[];
  return new Map(rows.map((row) => [row.id, toMarkers(row)]));
}

function toMarkers(row: MarkerRow): Markers {
  const inbound = row.last_inbound_at?.getTime() ?? null;
  return {
    unread: inbound !== null && (row.last_read_at === null || inbound > row.last_read_at.getTime()),
    repliedSinceAnswer: inbound !== null && row.last_outbound_at !== null && inbound > row.last_outbound_at.getTime(),
    approvalPending: row.approval_pending,
    story: row.story_id ? { id: row.story_id, title: row.story_title ?? '' } : null,
  };
}

/**
 * The officer has seen the ticket up to one of its messages; never moves backwards. The time is
 * copied in SQL so its microseconds survive. False when the message is not the ticket's.
 */
export async function markRead(db: DataSource | EntityManager, ticketId: string, userId: string, messageId: string): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO ticket_reads (user_id, ticket_id, last_read_at)
       SELECT $1, m.ticket_id, m.created_at FROM messages m WHERE m.id = $3 AND m.ticket_id = $2
     ON CONFLICT (user_id, ticket_id) DO UPDATE SET last_read_at = greatest(ticket_reads.last_read_at, EXCLUDED.last_read_at)
     RETURNING ticket_id`,
    [userId, ticketId, messageId],
  )) as unknown[];
  return rows.length > 0;
}
