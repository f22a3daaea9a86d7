import { BadRequestException } from '@nestjs/common';
import { TICKET_STATUS_TRANSITIONS, type TicketStatus } from '@newsdesk/shared';
import type { Ticket } from './ticket.entity.js';

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return (TICKET_STATUS_TRANSITIONS[from] as readonly TicketStatus[]).includes(to);
}

/**
 * The only way a ticket's status changes: checks the transition table and keeps the
 * metric timestamps (resolved, closed, reopen count) consistent with it.
 */
export function applyStatus(ticket: Ticket, to: TicketStatus, now: Date): void {
  const from = ticket.status;
  if (from === to) return;
  if (!canTransition(from, to)) {
    const allowed = TICKET_STATUS_TRANSITIONS[from];
    throw new BadRequestException(`A ${from} ticket cannot become ${to}; it can become ${allowed.join(', ')}`);
  }
  if (to === 'closed' && !ticket.outcome) {
    throw new BadRequestException('Choose an outcome before closing the ticket');
  }
  if ((from === 'resolved' || from === 'closed') && to !== 'closed') {
    ticket.reopenCount += 1;
    ticket.resolvedAt = null;
    ticket.closedAt = null;
  }
  if (to === 'resolved') ticket.resolvedAt = now;
  if (to === 'closed') {
    ticket.resolvedAt ??= now;
    ticket.closedAt = now;
  }
  ticket.status = to;
}
