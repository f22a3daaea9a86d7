import type { AddressDto } from '@newsdesk/shared';
import type { ParsedAttachment } from './mime/parsed-mail.js';
import { chooseSender, firstMailbox, rawHeaderValues } from './mime/sender.js';

const FORWARD_MARKERS = [
  /^-{2,}\s*forwarded message\s*-{2,}/im,
  /^-{2,}\s*original message\s*-{2,}/im,
  /^begin forwarded message:/im,
  /^-{2,}\s*(weitergeleitete nachricht|message transféré|mensaje reenviado|doorgestuurd bericht)\s*-{2,}/im,
];
const FROM_LINE = /^\s*(?:\*\s*)?(?:from|von|de|van)\s*:\s*\*?\s*(.+)$/im;
const ADDRESS = /<?([A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?/;
const FORWARD_SUBJECT = /^\s*((fwd?|fw|wg|tr|rv)\s*:\s*)+/i;

function addressFromLine(line: string): AddressDto | null {
  // A proper mailbox first ("Smith, John \"JJ\"" <j@…>); then any address in the line ("Jane [mailto:jane@…]").
  const mailbox = firstMailbox(line.replace(/\*/g, ''));
  if (mailbox) return { name: mailbox.name, address: mailbox.address.toLowerCase() };
  const match = ADDRESS.exec(line);
  if (!match) return null;
  const name = line.slice(0, match.index).replace(/["*]/g, '').replace(/[[(<]\s*(?:mailto:)?\s*$/i, '').trim() || null;
  return { name, address: match[1].toLowerCase() };
}

/**
 * The original sender of a mail a staff member forwarded in: from an attached message/rfc822,
 * else from the first "From:" line after a forwarded-message marker in the text.
 */
export function originalSender(text: string | null, attachments: ParsedAttachment[]): AddressDto | null {
  for (const attachment of attachments) {
    if (attachment.contentType.startsWith('message/rfc822')) {
      // The attached mail's own headers, read like an arriving mail's: folded, encoded words, comments.
      const head = attachment.content.subarray(0, 16_384);
      const end = head.toString('latin1').search(/\r?\n\r?\n/);
      const { from } = chooseSender(rawHeaderValues(head, end < 0 ? head.length : end), (raw) => raw.toString('utf8'));
      if (from) return { name: from.name, address: from.address.toLowerCase() };
    }
  }
  if (!text) return null;
  for (const marker of FORWARD_MARKERS) {
    const found = marker.exec(text);
    if (!found) continue;
    const from = FROM_LINE.exec(text.slice(found.index));
    const address = from ? addressFromLine(from[1]) : null;
    if (address) return address;
  }
  return null;
}

export function isForwardSubject(subject: string): boolean {
  return FORWARD_SUBJECT.test(subject);
}

export function stripForwardPrefix(subject: string): string {
  return subject.replace(FORWARD_SUBJECT, '').trim();
}
