import type { MessageDto, TicketDetailDto } from '@newsdesk/shared';

/** The reply this officer just stored, when an approval rule (or they) held it back. */
export function heldReply(ticket: TicketDetailDto, meId: string): MessageDto | undefined {
  const mine = ticket.messages.filter((message) => message.kind === 'outbound' && message.author?.id === meId).at(-1);
  return mine?.approval?.status === 'pending' ? mine : undefined;
}

/** The reply this officer just queued, still waiting in the outbox. */
export function queuedReply(ticket: TicketDetailDto, meId: string): MessageDto | undefined {
  const mine = ticket.messages.filter((message) => message.kind === 'outbound' && message.author?.id === meId).at(-1);
  return mine?.delivery?.status === 'queued' && mine.delivery.dueAt ? mine : undefined;
}

export function splitAddresses(value: string): string[] {
  return value
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}
