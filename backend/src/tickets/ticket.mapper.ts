import type { DeliveryDto, MessageDto, TicketEventDto, TicketQueueItemDto, TicketSummaryDto } from '@newsdesk/shared';
import type { Attachment } from '../attachments/attachment.entity.js';
import type { Event } from '../events/event.entity.js';
import type { Message } from '../messages/message.entity.js';
import type { User } from '../users/user.entity.js';
import type { Markers } from './ticket-markers.js';
import type { Ticket } from './ticket.entity.js';

/** A timestamp column as read: a Date, or already its ISO text (rows read with isoTimestamps, database/iso-timestamps.ts). */
export type Timestamp = Date | string;

const isoText = (at: Timestamp) => (typeof at === 'string' ? at : at.toISOString());
const iso = (at: Timestamp | null) => (at === null ? null : isoText(at));
const userRef = (user: User | null | undefined) => (user ? { id: user.id, name: user.name, email: user.email } : null);

/** The deadline the queue works by: a confirmed one wins over the one detected in the mail. */
function effectiveDeadline(deadlineAt: Timestamp | null, suggestedDeadlineAt: Timestamp | null): Pick<TicketSummaryDto, 'effectiveDeadlineAt' | 'deadlineSource'> {
  if (deadlineAt) return { effectiveDeadlineAt: isoText(deadlineAt), deadlineSource: 'confirmed' };
  if (suggestedDeadlineAt) return { effectiveDeadlineAt: isoText(suggestedDeadlineAt), deadlineSource: 'detected' };
  return { effectiveDeadlineAt: null, deadlineSource: null };
}

function responseTarget(minutes: number | null, dueAt: Timestamp | null): TicketSummaryDto['responseTarget'] {
  return minutes !== null && dueAt ? { minutes, dueAt: isoText(dueAt) } : null;
}

/** Per-officer markers (ticket-markers.ts reads them for queue pages; elsewhere they are off). */
const NO_MARKERS: Markers = { unread: false, repliedSinceAnswer: false, approvalPending: false, story: null };

/** Who a ticket names, read beside it (users' and contacts' services and views, not the ticket's relations). */
export interface TicketNames {
  assignee: User | null;
  journalist: TicketSummaryDto['journalist'];
  outlet: TicketSummaryDto['outlet'];
}

export function toTicketSummaryDto(ticket: Ticket, names: TicketNames): TicketSummaryDto {
  return {
    id: ticket.id,
    reference: ticket.reference,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    channel: ticket.channel,
    requestType: ticket.requestType,
    tags: ticket.tags,
    deadlineAt: iso(ticket.deadlineAt),
    suggestedDeadlineAt: iso(ticket.suggestedDeadlineAt),
    ...effectiveDeadline(ticket.deadlineAt, ticket.suggestedDeadlineAt),
    ...NO_MARKERS,
    assignee: userRef(names.assignee),
    journalist: names.journalist,
    outlet: names.outlet,
    outcome: ticket.outcome,
    firstResponseAt: iso(ticket.firstResponseAt),
    responseTarget: responseTarget(ticket.targetMinutes, ticket.targetDueAt),
    resolvedAt: iso(ticket.resolvedAt),
    closedAt: iso(ticket.closedAt),
    lastActivityAt: ticket.lastActivityAt.toISOString(),
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}

/** The columns of a queue row (tickets.repository.ts, QUEUE_ITEM_COLUMNS). */
export interface QueueItemRow {
  id: string;
  reference: string;
  subject: string;
  status: TicketSummaryDto['status'];
  priority: TicketSummaryDto['priority'];
  tags: string[];
  deadline_at: Timestamp | null;
  suggested_deadline_at: Timestamp | null;
  outcome: TicketSummaryDto['outcome'];
  first_response_at: Timestamp | null;
  target_minutes: number | null;
  target_due_at: Timestamp | null;
  last_activity_at: Timestamp;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  journalist_id: string | null;
  journalist_name: string | null;
  journalist_email: string | null;
  outlet_id: string | null;
  outlet_name: string | null;
}

/** The columns of a whole ticket summary (SUMMARY_COLUMNS). */
export interface SummaryRow extends QueueItemRow {
  channel: TicketSummaryDto['channel'];
  request_type: TicketSummaryDto['requestType'];
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export function toTicketQueueItem(row: QueueItemRow, markers: Markers): TicketQueueItemDto {
  return {
    id: row.id,
    reference: row.reference,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    tags: row.tags,
    deadlineAt: iso(row.deadline_at),
    ...effectiveDeadline(row.deadline_at, row.suggested_deadline_at),
    ...markers,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '', email: row.assignee_email ?? '' } : null,
    journalist: row.journalist_id ? { id: row.journalist_id, name: row.journalist_name, email: row.journalist_email } : null,
    outlet: row.outlet_id ? { id: row.outlet_id, name: row.outlet_name ?? '' } : null,
    outcome: row.outcome,
    firstResponseAt: iso(row.first_response_at),
    responseTarget: responseTarget(row.target_minutes, row.target_due_at),
    lastActivityAt: isoText(row.last_activity_at),
  };
}

export function toTicketSummaryFromRow(row: SummaryRow, markers: Markers = NO_MARKERS): TicketSummaryDto {
  return {
    ...toTicketQueueItem(row, markers),
    channel: row.channel,
    requestType: row.request_type,
    suggestedDeadlineAt: iso(row.suggested_deadline_at),
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
    createdAt: isoText(row.created_at),
    updatedAt: isoText(row.updated_at),
  };
}

export interface DeliveryRow {
  status: DeliveryDto['status'];
  attempts: number;
  smtpResponse: string | null;
  lastError: string | null;
  sentAt: Date | null;
  nextAttemptAt: Date;
  scheduledFor: Date | null;
  deliveredVia: DeliveryDto['via'];
}

export function toMessageDto(
  message: Message,
  attachments: Attachment[],
  delivery: DeliveryRow | null = null,
  approval: MessageDto['approval'] = null,
  author: Pick<User, 'id' | 'name'> | null = null,
): MessageDto {
  return {
    id: message.id,
    kind: message.kind,
    from: message.fromAddress ? { name: message.fromName, address: message.fromAddress } : null,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    inReplyTo: message.inReplyTo,
    author: author ? { id: author.id, name: author.name } : null,
    attachments: attachments.map((attachment) => ({
      id: attachment.id,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      inline: attachment.inline,
    })),
    flags: message.flags,
    newText: message.newText,
    remoteImages: message.remoteImages,
    senderAuth:
      message.kind === 'inbound' && message.senderAuthStatus
        ? { status: message.senderAuthStatus, reason: message.senderAuthReason ?? '', dmarcPolicy: message.senderDmarcPolicy }
        : null,
    senderSource: message.senderSource,
    otherFrom: message.otherFrom,
    delivery: delivery
      ? {
          status: delivery.status,
          attempts: delivery.attempts,
          response: delivery.smtpResponse,
          error: delivery.lastError,
          sentAt: iso(delivery.sentAt),
          dueAt: delivery.status === 'queued' && delivery.attempts === 0 ? delivery.nextAttemptAt.toISOString() : null,
          scheduledFor: iso(delivery.scheduledFor),
          via: delivery.deliveredVia,
        }
      : null,
    approval,
    createdAt: message.createdAt.toISOString(),
  };
}

export function toTicketEventDto(event: Event, actor: User | undefined): TicketEventDto {
  return {
    id: event.id,
    type: event.type,
    actor: userRef(actor),
    before: event.before,
    after: event.after,
    createdAt: event.createdAt.toISOString(),
  };
}
