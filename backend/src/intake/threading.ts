import type { EntityManager } from 'typeorm';
import type { MessageBatchService } from '../messages/message-batch.service.js';
import type { TicketBatchService } from '../tickets/ticket-batch.service.js';
import type { IntakeLookupsRepository } from './intake-lookups.repository.js';
import { isOurSignedMessageId } from './message-ids.js';

export interface ThreadMatch {
  ticketId: string;
  via: 'signed_reference' | 'known_reference' | 'subject_reference';
}

const SUBJECT_REFERENCE = /\[ND-(\d{1,18})\]/gi;

/** True when a subject names a ticket (`[ND-1042]`): threading then needs the database. */
export function namesTicket(subject: string): boolean {
  return /\[ND-\d{1,18}\]/i.test(subject);
}

/**
 * Which ticket an inbound mail belongs to:
 * 1. one of OUR signed Message-IDs in In-Reply-To/References (cannot be forged, so any sender);
 * 2. a Message-ID of a mail already on a ticket, when the sender took part in that ticket;
 * 3. `[ND-1042]` in the subject, when the sender took part in that ticket.
 * A stranger quoting a reference or a Message-ID gets a new ticket, not someone else's thread.
 */
export async function findThread(
  tx: EntityManager,
  readers: { lookups: IntakeLookupsRepository; tickets: TicketBatchService; messages: MessageBatchService },
  options: { referencedIds: string[]; subject: string; sender: string | null; messageIdKey: Buffer; mailDomain: string },
): Promise<ThreadMatch | null> {
  const { referencedIds, subject, sender, messageIdKey, mailDomain } = options;
  const { lookups, tickets, messages } = readers;
  const signed = referencedIds.filter((id) => isOurSignedMessageId(messageIdKey, mailDomain, id));
  if (signed.length) {
    const ticketId = await lookups.ticketOfSignedIds(tx, signed);
    if (ticketId) return { ticketId, via: 'signed_reference' };
  }
  if (!sender) return null;

  if (referencedIds.length) {
    for (const ticketId of await messages.ticketsOfInboundIds(tx, referencedIds)) {
      if (await lookups.isParticipant(tx, ticketId, sender)) return { ticketId, via: 'known_reference' };
    }
  }

  for (const match of subject.matchAll(SUBJECT_REFERENCE)) {
    const ticketId = await tickets.idByNumber(tx, match[1]);
    if (ticketId && (await lookups.isParticipant(tx, ticketId, sender))) return { ticketId, via: 'subject_reference' };
  }
  return null;
}
