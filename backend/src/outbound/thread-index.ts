import { createHash } from 'node:crypto';

// FILETIME: 100-ns intervals since 1601-01-01.
const EPOCH_OFFSET = 116_444_736_000_000_000n;

function filetime(date: Date): bigint {
  return BigInt(date.getTime()) * 10_000n + EPOCH_OFFSET;
}

/**
 * Outlook's Thread-Index: a 22-byte header block (6 bytes of the conversation's start time plus a
 * 16-byte GUID, here derived from the ticket id) followed by one 5-byte block per reply, so Outlook
 * groups our replies with the journalist's conversation.
 */
export function threadIndex(ticketId: string, conversationStart: Date, replyAt: Date, replyNumber: number): string {
  const start = filetime(conversationStart);
  const header = Buffer.alloc(22);
  // The top 48 bits of the FILETIME.
  header.writeUIntBE(Number(start >> 16n), 0, 6);
  createHash('sha256').update(ticketId).digest().copy(header, 6, 0, 16);
  const children: Buffer[] = [];
  const delta = filetime(replyAt) - start;
  for (let i = 1; i <= Math.max(1, replyNumber); i++) {
    const child = Buffer.alloc(5);
    // Time difference in units of 2^18 * 100 ns (the short form), 31 bits, then 8 random-ish bits.
    const units = Number((delta >> 18n) & 0x7fff_ffffn);
    child.writeUInt32BE((units << 1) >>> 0, 0);
    child[4] = (i * 37) & 0xff;
    children.push(child);
  }
  return Buffer.concat([header, ...children]).toString('base64');
}
