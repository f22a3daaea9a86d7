import type { MessageDto, TicketEventDto, TicketSummaryDto } from '@newsdesk/shared';
import type { Attachment } from '../attachments/attachment.entity.js';
import type { Event } from '../events/event.entity.js';
import type { Message } from '../messages/message.entity.js';
import type { User } from '../users/user.entity.js';
import type { Ticket } from './ticket.entity.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;
const userRef = (user: User | null | undefined) => (user ? { id: user.id, name: user.name, email: user.email } : null);

export function toTicketSummaryDto(ticket: Ticket): TicketSummaryDto {
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
    assignee: userRef(ticket.assignee),
    journalist: ticket.journalist ? { id: ticket.journalist.id, name: ticket.journalist.name, email: ticket.journalist.email } : null,
    outlet: ticket.outlet ? { id: ticket.outlet.id, name: ticket.outlet.name } : null,
    outcome: ticket.outcome,
    firstResponseAt: iso(ticket.firstResponseAt),
    resolvedAt: iso(ticket.resolvedAt),
    closedAt: iso(ticket.closedAt),
    lastActivityAt: ticket.lastActivityAt.toISOString(),
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}

export function toMessageDto(message: Message, attachments: Attachment[]): MessageDto {
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
    author: message.author ? { id: message.author.id, name: message.author.name } : null,
    attachments: attachments.map((attachment) => ({
      id: attachment.id,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      inline: attachment.inline,
    })),
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
