import type { EntityManager } from 'typeorm';
import type { BouncesService } from '../outbound/bounces.service.js';

// RFC 3464 per-recipient fields ("rfc822; jo@example.org"); the address type is optional in the wild.
const DSN_RECIPIENT = /^(?:final|original)-recipient[ \t]*:[ \t]*(?:[a-z0-9-]+[ \t]*;)?[ \t]*<?([^\s<>;"]+@[^\s<>;"]+?)>?[ \t]*$/gim;
// Exim and Gmail name the failed addresses in a header as well.
const FAILED_RECIPIENTS = /^x-failed-recipients[ \t]*:[ \t]*(.*)$/gim;

/** The recipients a delivery report says failed, lower-cased, read with folded lines unfolded. */
export function bouncedRecipients(raw: Buffer): string[] {
  const text = raw.toString('latin1').replace(/\r?\n[ \t]+/g, ' ').replace(/\r\n/g, '\n');
  const found = new Set<string>();
  for (const match of text.matchAll(DSN_RECIPIENT)) found.add(match[1].toLowerCase());
  for (const match of text.matchAll(FAILED_RECIPIENTS)) {
    for (const address of match[1].split(',')) {
      const trimmed = address.trim().replace(/^<|>$/g, '').toLowerCase();
      if (trimmed.includes('@')) found.add(trimmed);
    }
  }
  return [...found];
}

export interface BouncedReply {
  id: string;
  ticketId: string;
}

/**
 * The mail of ours a bounce is about: one whose signed Message-ID it quotes AND that was sent to an
 * address the report names. A report naming anyone else proves nothing about our mail (a forged DSN
 * quoting a Message-ID it saw), so it changes no delivery state.
 */
export async function findBouncedReply(
  tx: EntityManager,
  bounces: BouncesService,
  quotedIds: string[],
  recipients: string[],
): Promise<BouncedReply | null> {
  if (!quotedIds.length || !recipients.length) return null;
  const rows = await bounces.sentWithMessageIds(tx, quotedIds);
  const named = new Set(recipients);
  const row = rows.find((candidate) => [...candidate.to_addresses, ...candidate.cc_addresses].some((address) => named.has(address.address.toLowerCase())));
  return row ? { id: row.id, ticketId: row.ticket_id } : null;
}
