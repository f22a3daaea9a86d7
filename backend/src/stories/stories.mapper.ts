import type { StoryDetailDto, StoryRefDto, StoryStatus, StorySummaryDto, StoryTicketDto } from '@newsdesk/shared';
import { toTicketSummaryFromRow, type SummaryRow } from '../tickets/ticket.mapper.js';
import type { UserRefRow } from '../users/users.repository.js';

export interface StoryRow {
  id: string;
  title: string;
  summary: string | null;
  status: StoryStatus;
  created_at: Date;
  updated_at: Date;
  sort_key: string;
  created_by_id: string | null;
  ticket_count: number;
  open_ticket_count: number;
  earliest_deadline_at: Date | null;
}

/** `people`: the creators of a page of stories, looked up once through the users service. */
export function toStorySummaryDto(row: StoryRow, people: Map<string, UserRefRow>): StorySummaryDto {
  const creator = row.created_by_id ? people.get(row.created_by_id) : undefined;
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    status: row.status,
    createdBy: row.created_by_id ? { id: row.created_by_id, name: creator?.name ?? '', email: creator?.email ?? '' } : null,
    ticketCount: row.ticket_count,
    openTicketCount: row.open_ticket_count,
    earliestDeadlineAt: row.earliest_deadline_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

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

export function toStoryDetailDto(row: StoryRow, people: Map<string, UserRefRow>, tickets: StoryTicketRow[]): StoryDetailDto {
  return { ...toStorySummaryDto(row, people), tickets: tickets.map(toStoryTicketDto) };
}


export type { TicketWithStoryRow } from '../tickets/ticket-similarity.repository.js';

export function toStoryRef(row: { story_id: string | null; story_title: string | null; story_status: StoryStatus | null }): StoryRefDto | null {
  return row.story_id ? { id: row.story_id, title: row.story_title ?? '', status: row.story_status ?? 'open' } : null;
}
