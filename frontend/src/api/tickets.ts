import type {
  Page,
  RequestType,
  TicketChannel,
  TicketDetailDto,
  TicketOutcome,
  TicketPriority,
  TicketSort,
  TicketStatus,
  TicketSummaryDto,
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
): Promise<Page<TicketSummaryDto>> {
  const { status, overdue, ...rest } = filters;
  return request<Page<TicketSummaryDto>>('/api/tickets', {
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

/** Fields of PATCH /api/tickets/:id; `null` clears. */
export interface TicketPatch {
  subject?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  requestType?: RequestType;
  assigneeId?: string | null;
  deadlineAt?: string | null;
  journalistId?: string | null;
  outletId?: string | null;
  tags?: string[];
  outcome?: TicketOutcome | null;
  /** The outcome's note; the reason when declined. */
  outcomeNote?: string | null;
  /** Link to the published coverage (http or https). */
  coverageUrl?: string | null;
  /** Who spoke for the organisation, when not the assignee. */
  spokespersonId?: string | null;
}

export function updateTicket(id: string, patch: TicketPatch): Promise<TicketDetailDto> {
  return request<TicketDetailDto>(`/api/tickets/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

/** This officer has read the ticket up to `upToMessageId` (the newest message shown). */
export function markTicketRead(id: string, upToMessageId: string): Promise<void> {
  return send(`/api/tickets/${encodeURIComponent(id)}/read`, { method: 'PUT', body: { upToMessageId } });
}

export function addNote(id: string, text: string): Promise<TicketDetailDto> {
  return request<TicketDetailDto>(`/api/tickets/${encodeURIComponent(id)}/notes`, { method: 'POST', body: { text } });
}

export type ReplyStatus = 'open' | 'pending' | 'resolved' | 'closed';

export interface ReplyInput {
  body: string;
  to?: string[];
  cc?: string[];
  uploadIds?: string[];
  templateId?: string;
  /** "Send and mark …". */
  status?: ReplyStatus;
  outcome?: TicketOutcome;
  /** A statement on the record: approval rules for statements apply. */
  statement?: boolean;
  /** Held for an approver even when no rule requires it. */
  submitForApproval?: boolean;
  /** Scheduled send (ISO 8601): the outbox holds the mail until then. */
  sendAt?: string;
}

export function sendReply(id: string, reply: ReplyInput): Promise<TicketDetailDto> {
  return request<TicketDetailDto>(`/api/tickets/${encodeURIComponent(id)}/replies`, { method: 'POST', body: reply });
}

/** Undo send, or call off a scheduled send, while the reply still waits in the outbox. */
export function cancelReply(ticketId: string, messageId: string): Promise<TicketDetailDto> {
  return request<TicketDetailDto>(`/api/tickets/${encodeURIComponent(ticketId)}/replies/${encodeURIComponent(messageId)}/cancellation`, { method: 'POST', body: {} });
}

/** An inquiry that came by phone or in person, logged by the officer who took it. */
export interface LoggedInquiryInput {
  channel: Extract<TicketChannel, 'phone' | 'in_person'>;
  subject: string;
  /** What the journalist asked, in the officer's words. */
  text: string;
  journalistId?: string;
  journalist?: { name?: string; email?: string; phone?: string };
  outletId?: string;
  deadlineAt?: string;
  requestType?: RequestType;
}

export function logInquiry(input: LoggedInquiryInput): Promise<TicketDetailDto> {
  return request<TicketDetailDto>('/api/tickets', { method: 'POST', body: input });
}

/** A new mail to a journalist (a pitch, a follow-up): opens a ticket whose first message is ours. */
export interface OutboundMailInput extends ReplyInput {
  subject: string;
  journalistId?: string;
  /** The name for a new journalist created from the first `to` address. */
  journalistName?: string;
  deadlineAt?: string;
  requestType?: RequestType;
}

export function startOutboundMail(input: OutboundMailInput): Promise<TicketDetailDto> {
  return request<TicketDetailDto>('/api/tickets/outbound', { method: 'POST', body: input });
}
