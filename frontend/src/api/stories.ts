import type {
  AddStoryTicketsRequest,
  CreateStoryRequest,
  Page,
  SendStoryStatementRequest,
  StatementSendResultDto,
  StoryDetailDto,
  StoryStatus,
  StorySuggestionsDto,
  StorySummaryDto,
  SuggestedStoryGroupsDto,
  UpdateStoryRequest,
} from '@newsdesk/shared';
import { request } from './client';

export interface StoryFilters {
  status?: StoryStatus;
  q?: string;
}

/** Most recently changed first. */
export function listStories(filters: StoryFilters, cursor: string | null, signal?: AbortSignal): Promise<Page<StorySummaryDto>> {
  return request<Page<StorySummaryDto>>('/api/stories', { query: { ...filters, cursor: cursor ?? undefined }, signal });
}

/** A story with its tickets, by deadline (undated last). */
export function getStory(id: string, signal?: AbortSignal): Promise<StoryDetailDto> {
  return request<StoryDetailDto>(`/api/stories/${encodeURIComponent(id)}`, { signal });
}

export function createStory(story: CreateStoryRequest): Promise<StoryDetailDto> {
  return request<StoryDetailDto>('/api/stories', { method: 'POST', body: story });
}

export function updateStory(id: string, patch: UpdateStoryRequest): Promise<StoryDetailDto> {
  return request<StoryDetailDto>(`/api/stories/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

/** `ticketIds` take ids or references (`ND-1042`); 409 for a ticket in another story unless `move`. */
export function addStoryTickets(id: string, input: AddStoryTicketsRequest): Promise<StoryDetailDto> {
  return request<StoryDetailDto>(`/api/stories/${encodeURIComponent(id)}/tickets`, { method: 'POST', body: input });
}

export function removeStoryTicket(id: string, ticketId: string): Promise<StoryDetailDto> {
  return request<StoryDetailDto>(`/api/stories/${encodeURIComponent(id)}/tickets/${encodeURIComponent(ticketId)}`, { method: 'DELETE' });
}

/** Open inquiries that read like this one, and the stories they are in. */
export function getStorySuggestions(ticketId: string, signal?: AbortSignal): Promise<StorySuggestionsDto> {
  return request<StorySuggestionsDto>(`/api/tickets/${encodeURIComponent(ticketId)}/story-suggestions`, { signal });
}

/** Recent inquiries in no story, grouped into proposed stories. */
export function getSuggestedStoryGroups(signal?: AbortSignal): Promise<SuggestedStoryGroupsDto> {
  return request<SuggestedStoryGroupsDto>('/api/stories/suggested-groups', { signal });
}

/** One individually threaded reply per ticket; the answer reports each ticket's result. */
export function sendStoryStatement(id: string, input: SendStoryStatementRequest): Promise<StatementSendResultDto> {
  return request<StatementSendResultDto>(`/api/stories/${encodeURIComponent(id)}/statement`, { method: 'POST', body: input });
}
