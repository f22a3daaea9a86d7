import type { StoryDetailDto, StoryRefDto, StoryStatus, StorySummaryDto, StoryTicketDto } from '@newsdesk/shared';
import { SUMMARY_COLUMNS, toTicketSummaryFromRow, type SummaryRow } from '../tickets/ticket.mapper.js';

const OPEN = `t.status NOT IN ('resolved', 'closed')`;

/** A story row with its ticket counts and the earliest deadline of its open tickets. */
export const STORY_SELECT = `
  SELECT s.id, s.title, s.summary, s.status, s.created_at, s.updated_at, s.updated_at::text AS sort_key,
         u.id AS created_by_id, u.name AS created_by_name, u.email AS created_by_email,
         c.ticket_count, c.open_ticket_count, c.earliest_deadline_at
    FROM stories s
    LEFT JOIN users u ON u.id = s.created_by_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS ticket_count,
             (count(*) FILTER (WHERE ${OPEN}))::int AS open_ticket_count,
             min(t.deadline_at) FILTER (WHERE ${OPEN}) AS earliest_deadline_at
        FROM story_tickets st JOIN tickets t ON t.id = st.ticket_id
       WHERE st.story_id = s.id) c`;

export interface StoryRow {
  id: string;
  title: string;
  summary: string | null;
  status: StoryStatus;
  created_at: Date;
  updated_at: Date;
  sort_key: string;
  created_by_id: string | null;
  created_by_name: string | null;
  created_by_email: string | null;
  ticket_count: number;
  open_ticket_count: number;
  earliest_deadline_at: Date | null;
}

export function toStorySummaryDto(row: StoryRow): StorySummaryDto {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    status: row.status,
    createdBy: row.created_by_id ? { id: row.created_by_id, name: row.created_by_name ?? '', email: row.created_by_email ?? '' } : null,
    ticketCount: row.ticket_count,
    openTicketCount: row.open_ticket_count,
    earliestDeadlineAt: row.earliest_deadline_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A story's tickets as queue rows, with when each joined and the last library statement it was sent; by deadline, undated last. */
export const STORY_TICKETS_SELECT = `
  SELECT ${SUMMARY_COLUMNS}, st.added_at AS story_added_at,
         ls.statement_id AS last_statement_id, ls.title AS last_statement_title,
         ls.version AS last_statement_version, ls.created_at AS last_statement_at
    FROM story_tickets st
    JOIN tickets t ON t.id = st.ticket_id
    LEFT JOIN users a ON a.id = t.assignee_id
    LEFT JOIN journalists j ON j.id = t.journalist_id
    LEFT JOIN outlets o ON o.id = t.outlet_id
    LEFT JOIN LATERAL (
      SELECT d.statement_id, sm.title, v.version, d.created_at
        FROM statement_deliveries d
        JOIN statements sm ON sm.id = d.statement_id
        JOIN statement_versions v ON v.id = d.statement_version_id
       WHERE d.ticket_id = t.id
       ORDER BY d.created_at DESC LIMIT 1) ls ON true
   WHERE st.story_id = $1
   ORDER BY coalesce(t.deadline_at, 'infinity'::timestamptz), t.created_at, t.id`;

export interface StoryTicketRow extends SummaryRow {
  story_added_at: Date;
  last_statement_id: string | null;
  last_statement_title: string | null;
  last_statement_version: number | null;
  last_statement_at: Date | null;
}

export function toStoryTicketDto(row: StoryTicketRow): StoryTicketDto {
  return {
    ...toTicketSummaryFromRow(row),
    addedAt: row.story_added_at.toISOString(),
    lastStatement:
      row.last_statement_id && row.last_statement_at
        ? { statementId: row.last_statement_id, title: row.last_statement_title ?? '', version: row.last_statement_version ?? 0, sentAt: row.last_statement_at.toISOString() }
        : null,
  };
}

export function toStoryDetailDto(row: StoryRow, tickets: StoryTicketRow[]): StoryDetailDto {
  return { ...toStorySummaryDto(row), tickets: tickets.map(toStoryTicketDto) };
}

/** Queue rows with the story each ticket is in, for suggestions. */
export const TICKETS_WITH_STORY_SELECT = `
  SELECT ${SUMMARY_COLUMNS}, s.id AS story_id, s.title AS story_title, s.status AS story_status
    FROM tickets t
    LEFT JOIN users a ON a.id = t.assignee_id
    LEFT JOIN journalists j ON j.id = t.journalist_id
    LEFT JOIN outlets o ON o.id = t.outlet_id
    LEFT JOIN story_tickets st ON st.ticket_id = t.id
    LEFT JOIN stories s ON s.id = st.story_id
   WHERE t.id = ANY($1::uuid[])`;

export interface TicketWithStoryRow extends SummaryRow {
  story_id: string | null;
  story_title: string | null;
  story_status: StoryStatus | null;
}

export function toStoryRef(row: { story_id: string | null; story_title: string | null; story_status: StoryStatus | null }): StoryRefDto | null {
  return row.story_id ? { id: row.story_id, title: row.story_title ?? '', status: row.story_status ?? 'open' } : null;
}
