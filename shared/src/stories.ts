import type { TicketStatus, TicketSummaryDto, UserRefDto } from './tickets.js';

/** A story is open while the office is still answering about it. */
export const STORY_STATUSES = ['open', 'closed'] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];

/** A story embedded in other payloads (a ticket's suggestion, a delivery). */
export interface StoryRefDto {
  id: string;
  title: string;
  status: StoryStatus;
}

/** `GET /api/stories?status=&q=&cursor=&limit=` row (a `Page<StorySummaryDto>`), most recently changed first. */
export interface StorySummaryDto {
  id: string;
  title: string;
  summary: string | null;
  status: StoryStatus;
  createdBy: UserRefDto | null;
  ticketCount: number;
  /** Tickets not yet resolved or closed. */
  openTicketCount: number;
  /** The earliest deadline among the story's open tickets. */
  earliestDeadlineAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The last library statement a story ticket was sent. */
export interface StoryTicketStatementDto {
  statementId: string;
  title: string;
  version: number;
  sentAt: string;
}

export interface StoryTicketDto extends TicketSummaryDto {
  addedAt: string;
  lastStatement: StoryTicketStatementDto | null;
}

/** `GET /api/stories/:id`, and the answer of every change to a story. Tickets by deadline, undated last. */
export interface StoryDetailDto extends StorySummaryDto {
  tickets: StoryTicketDto[];
}

/** `POST /api/stories`. `ticketIds` take ids or references (`ND-1042`). */
export interface CreateStoryRequest {
  title: string;
  summary?: string | null;
  ticketIds?: string[];
  /** Take tickets out of the story they are in (otherwise 409). */
  move?: boolean;
}

/** `PATCH /api/stories/:id`. */
export interface UpdateStoryRequest {
  title?: string;
  summary?: string | null;
  status?: StoryStatus;
}

/** `POST /api/stories/:id/tickets`: a ticket belongs to at most one story; `move` takes it out of its current one. */
export interface AddStoryTicketsRequest {
  ticketIds: string[];
  move?: boolean;
}

/** A ticket that reads like the one asked about. */
export interface StoryCandidateDto {
  ticket: TicketSummaryDto;
  /** 0–1: the mean of the trigram similarity and the shared-keyword ratio of subject and first text. */
  score: number;
  story: StoryRefDto | null;
}

/**
 * `GET /api/tickets/:id/story-suggestions` (same as `GET /api/stories/suggestions?ticketId=`):
 * open tickets created within `windowDays` of this one that score at least `threshold`, best first.
 */
export interface StorySuggestionsDto {
  ticket: { id: string; reference: string; story: StoryRefDto | null };
  windowDays: number;
  threshold: number;
  candidates: StoryCandidateDto[];
  /** Stories the candidates are already in, most matches first: the likely story to add this ticket to. */
  stories: (StoryRefDto & { matches: number; bestScore: number })[];
}

/** A proposed story: every ticket reads like the first (the most connected one). */
export interface SuggestedStoryGroupDto {
  /** The first ticket's subject, as a starting title. */
  title: string;
  /** Mean score of the other tickets against the first. */
  score: number;
  earliestDeadlineAt: string | null;
  tickets: (TicketSummaryDto & { score: number | null })[];
}

/** `GET /api/stories/suggested-groups?days=`: recent open tickets in no story, grouped; biggest group first. */
export interface SuggestedStoryGroupsDto {
  days: number;
  threshold: number;
  groups: SuggestedStoryGroupDto[];
}

/** `POST /api/stories/:id/statement`: a library statement (its current approved version) or a text written here. */
export interface SendStoryStatementRequest {
  statementId?: string;
  body?: string;
  /** "Send and set status" for every ticket. */
  status?: Extract<TicketStatus, 'open' | 'pending' | 'resolved' | 'closed'>;
}
