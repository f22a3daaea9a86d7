import { TICKET_STATUS_TRANSITIONS, type TicketStatus, type TicketQueueItemDto, type UpdateTicketRequest } from '@newsdesk/shared';

const canBecome = (from: TicketStatus, to: TicketStatus) => (TICKET_STATUS_TRANSITIONS[from] as readonly TicketStatus[]).includes(to);

/**
 * The PATCHes, in order, that take a ticket back to how it was `before` a change, through the
 * allowed status transitions only: a closed ticket goes back by reopening, then on to its
 * earlier status where the table allows it (a ticket that was new stays open: nothing becomes new again).
 */
export function undoPatches(before: TicketQueueItemDto, change: UpdateTicketRequest, after: Pick<TicketQueueItemDto, 'status'>): UpdateTicketRequest[] {
  const fields: UpdateTicketRequest = {};
  if ('assigneeId' in change) fields.assigneeId = before.assignee?.id ?? null;
  if ('tags' in change) fields.tags = before.tags;
  if ('priority' in change) fields.priority = before.priority;
  if ('deadlineAt' in change) fields.deadlineAt = before.deadlineAt;
  const patches: UpdateTicketRequest[] = [];
  if (after.status !== before.status) {
    const path: TicketStatus[] = canBecome(after.status, before.status)
      ? [before.status]
      : canBecome(after.status, 'open')
        ? canBecome('open', before.status)
          ? ['open', before.status]
          : ['open']
        : [];
    path.forEach((status, index) => {
      // The outcome goes back with the first step: a reopened ticket carries no closing outcome.
      patches.push(index === 0 && 'outcome' in change ? { status, outcome: before.outcome } : { status });
    });
  } else if ('outcome' in change) {
    fields.outcome = before.outcome;
  }
  return Object.keys(fields).length ? [fields, ...patches] : patches;
}
