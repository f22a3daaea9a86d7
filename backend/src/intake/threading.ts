import type { EntityManager } from 'typeorm';
import { isOurSignedMessageId } from './message-ids.js';

export interface ThreadMatch {
  ticketId: string;
  via: 'signed_reference' | 'known_reference' | 'subject_reference';
}

const SUBJECT_REFERENCE = /\[ND-(\d{1,18})\]/gi;

/** True when `address` already took part in the ticket: its journalist, or on any message's From/To/Cc. */
export async function isParticipant(tx: EntityManager, ticketId: string, address: string): Promise<boolean> {
  const probe = JSON.stringify([{ address }]);
  const rows = (await tx.query(
    `SELECT 1 FROM tickets t LEFT JOIN journalists j ON j.id = t.journalist_id
      WHERE t.id = $1 AND j.email = $2
     UNION ALL
     SELECT 1 FROM messages m
      WHERE m.ticket_id = $1 AND (lower(m.from_address) = $2 OR m."to" @> $3::jsonb OR m.cc @> $3::jsonb)
     UNION ALL
     SELECT 1 FROM outbound_messages o
      WHERE o.ticket_id = $1 AND (o.to_addresses @> $3::jsonb OR o.cc_addresses @> $3::jsonb)
     LIMIT 1`,
    [ticketId, address, probe],
  )) as unknown[];
  return rows.length > 0;
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
  options: { referencedIds: string[]; subject: string; sender: string | null; messageIdKey: Buffer; mailDomain: string },
): Promise<ThreadMatch | null> {
  const { referencedIds, subject, sender, messageIdKey, mailDomain } = options;
  const signed = referencedIds.filter((id) => isOurSignedMessageId(messageIdKey, mailDomain, id));
  if (signed.length) {
    const [row] = (await tx.query(
      `SELECT ticket_id FROM outbound_messages WHERE rfc_message_id = ANY($1::text[]) AND ticket_id IS NOT NULL
       UNION ALL
       SELECT ticket_id FROM messages WHERE message_id = ANY($1::text[])
       LIMIT 1`,
      [signed],
    )) as { ticket_id: string }[];
    if (row) return { ticketId: row.ticket_id, via: 'signed_reference' };
  }
  if (!sender) return null;

  if (referencedIds.length) {
    const candidates = (await tx.query(
      `SELECT DISTINCT ticket_id FROM messages WHERE message_id = ANY($1::text[]) AND kind = 'inbound'`,
      [referencedIds],
    )) as { ticket_id: string }[];
    for (const candidate of candidates) {
      if (await isParticipant(tx, candidate.ticket_id, sender)) return { ticketId: candidate.ticket_id, via: 'known_reference' };
    }
  }

  for (const match of subject.matchAll(SUBJECT_REFERENCE)) {
    const [ticket] = (await tx.query('SELECT id FROM tickets WHERE number = $1', [Number(match[1])])) as { id: string }[];
    if (ticket && (await isParticipant(tx, ticket.id, sender))) return { ticketId: ticket.id, via: 'subject_reference' };
  }
  return null;
}
