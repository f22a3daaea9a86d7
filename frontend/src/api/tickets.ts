import type {
  CreateOutboundTicketRequest,
  CreateReplyRequest,
  CreateTicketRequest,
  Page,
  TicketChannel,
  TicketDetailDto,
  TicketPriority,
  TicketSort,
  TicketStatus,
  TicketQueueItemDto,
  UpdateTicketRequest,
} from '@newsdesk/shared';
import { request, send } from './client';

/** `me`, `none` or a user id. */
export type AssigneeFilter = 'me' | 'none' | (string & {});

/** What the queue asks the API for; `overdue` becomes `deadlineBefore=<now>` at request time. */
export interface TicketQueueFilters {
  status?: TicketStatus[];
  assignee?: AssigneeFilter;
  priority?: TicketPriority;
  channel?: TicketChannel;
  outlet?: string;
  tag?: string;
  overdue?: boolean;
  q?: string;
  sort?: TicketSort;
}

export const QUEUE_PAGE_SIZE = 100;

export function listTickets(
  filters: TicketQueueFilters,
  cursor: string | null,
  signal?: AbortSignal,
  limit?: number,
): Promise<Page<TicketQueueItemDto>> {
  const { status, overdue, ...rest } = filters;
  return request<Page<TicketQueueItemDto>>('/api/tickets', {
    query: {
      ...rest,
      status: status?.length ? status.join(',') : undefined,
      deadlineBefore: overdue ? new Date().toISOString() : undefined,
      cursor: cursor ?? undefined,
      limit: limit === undefined ? undefined : String(limit),
    },
    signal,
  });
}

/** `idOrReference` is the ticket id or its reference (`ND-1042`). */
export function getTicket(idOrReference: string, signal?: AbortSignal): Promise<TicketDetailDto> {
  return request<TicketDetailDto>(`/api/tickets/${encodeURIComponent(idOrReference)}`, { signal });
}

export function updateTicket(id: string, patch: UpdateTicketRequest): Promise<TicketDetailDto> {
  return request<TicketDetailDto>(`/api/tickets/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

/** This officer has read the ticket up to `upToMessageId` (the newest message shown). */
export function markTicketRead(id: string, upToMessageId: string): Promise<void> {
  return send(`/api/tickets/${encodeURIComponent(id)}/read`, { method: 'PUT', body: { upToMessageId } });
}

export function addNote(id: string, text: string): Promise<TicketDetailDto> {
  return request<TicketDetailDto>(`/api/tickets/${encodeURIComponent(id)}/notes`, { method: 'POST', body: { text } });
}

export function sendReply(id: string, reply: CreateReplyRequest): Promise<TicketDetailDto> {
  return request<TicketDetailDto>(`/api/tickets/${encodeURIComponent(id)}/replies`, { method: 'POST', body: reply });
}

/** Undo send, or call off a scheduled send, while the reply still waits in the outbox. */
export function cancelReply(ticketId: string, messageId: string): Promise<TicketDetailDto> {
  return request<TicketDetailDto>(`/api/tickets/${encodeURIComponent(ticketId)}/replies/${encodeURIComponent(messageId)}/cancellation`, { method: 'POST', body: {} });
}

/** An inquiry that came by phone or in person, logged by the officer who took it. */
export type LoggedInquiryInput = CreateTicketRequest & { channel: Extract<TicketChannel, 'phone' | 'in_person'> };

export function logInquiry(input: LoggedInquiryInput): Promise<TicketDetailDto> {
  return request<TicketDetailDto>('/api/tickets', { method: 'POST', body: input });
}

export function startOutboundMail(input: CreateOutboundTicketRequest): Promise<TicketDetailDto> {
  return request<TicketDetailDto>('/api/tickets/outbound', { method: 'POST', body: input });
}
