import type { EventType } from './events.js';

/** Ticket lifecycle states. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * Allowed status changes. `resolved` and `closed` may be reopened to `open`.
 * The backend enforces this table for every status change.
 */
export const TICKET_STATUS_TRANSITIONS = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
} as const satisfies Record<TicketStatus, readonly TicketStatus[]>;

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** How an inquiry reached the office: by mail, the web form, a call, or in person (the last two logged by an officer). */
export const TICKET_CHANNELS = ['email', 'web', 'phone', 'in_person'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export const REQUEST_TYPES = ['comment', 'interview', 'data', 'background', 'other'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const TICKET_OUTCOMES = [
  'statement_given',
  'interview_arranged',
  'declined',
  'referred',
  'no_response',
] as const;
export type TicketOutcome = (typeof TICKET_OUTCOMES)[number];

export const TICKET_SORTS = ['deadline', 'created', 'updated', 'target'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

/** Orders that need a search text (`q`): `relevance` ranks the newest 500 matches. */
export const TICKET_SEARCH_SORTS = ['relevance'] as const;
export type TicketSearchSort = (typeof TICKET_SEARCH_SORTS)[number];

/** A person reference embedded in ticket payloads. */
export interface UserRefDto {
  id: string;
  name: string;
  email: string;
}

export interface JournalistRefDto {
  id: string;
  name: string | null;
  email: string | null;
}

export interface OutletRefDto {
  id: string;
  name: string;
}

export const DEADLINE_SOURCES = ['confirmed', 'detected'] as const;
export type DeadlineSource = (typeof DEADLINE_SOURCES)[number];

/**
 * One row of the queue (`GET /api/tickets`): what the dashboard's list shows, and what its bulk
 * actions and Undo put back. The whole ticket (channel, request type, detected deadline, created,
 * updated, resolved and closed times) is TicketSummaryDto, on `GET /api/tickets/:id` and the story pages.
 */
export interface TicketQueueItemDto {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  tags: string[];
  /** The deadline an officer confirmed or set. */
  deadlineAt: string | null;
  /** What the queue shows and orders by: the confirmed deadline, else the detected one. */
  effectiveDeadlineAt: string | null;
  /** Where effectiveDeadlineAt comes from; `detected` until someone confirms or corrects it. */
  deadlineSource: DeadlineSource | null;
  /** The journalist wrote since this officer last opened the ticket (per officer). */
  unread: boolean;
  /** The journalist's latest message came after our latest answer. */
  repliedSinceAnswer: boolean;
  /** A reply on this ticket waits for an approver. */
  approvalPending: boolean;
  /** The story this inquiry belongs to. */
  story: { id: string; title: string } | null;
  assignee: UserRefDto | null;
  journalist: JournalistRefDto | null;
  outlet: OutletRefDto | null;
  outcome: TicketOutcome | null;
  firstResponseAt: string | null;
  /** The first-response target the ticket is held to (office minutes) and when it falls due; null without one. */
  responseTarget: { minutes: number; dueAt: string } | null;
  lastActivityAt: string;
}

/** A ticket's own fields with the names it shows (the ticket page's head, story pages). */
export interface TicketSummaryDto extends TicketQueueItemDto {
  channel: TicketChannel;
  requestType: RequestType;
  /** The latest deadline detected in the journalist's mail, not yet confirmed. */
  suggestedDeadlineAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One entry of a ticket's append-only event log. */
export interface TicketEventDto {
  id: string;
  type: EventType;
  actor: UserRefDto | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}

/** `PATCH /api/tickets/:id`: every field optional; `null` clears. */
export interface UpdateTicketRequest {
  /** Never null: a ticket always has a subject. */
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

/**
 * A journalist named in a logged inquiry (or met in mail): found by email or phone, or created.
 * Null, like absent, means not given (the request validator lets both through).
 */
export interface JournalistInput {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** `POST /api/tickets`: an inquiry logged by an officer (a phone call, a visit). */
export interface CreateTicketRequest {
  subject: string;
  /** What the journalist asked, in the officer's words. */
  text: string;
  channel?: TicketChannel;
  journalist?: JournalistInput;
  journalistId?: string;
  outletId?: string;
  deadlineAt?: string;
  requestType?: RequestType;
  priority?: TicketPriority;
  tags?: string[];
  assigneeId?: string;
}
