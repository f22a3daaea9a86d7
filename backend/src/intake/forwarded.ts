import type { AddressDto } from '@newsdesk/shared';
import type { ParsedAttachment } from './mime/parsed-mail.js';

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
  const match = ADDRESS.exec(line);
  if (!match) return null;
  const name = line.slice(0, match.index).replace(/["*]/g, '').trim() || null;
  return { name, address: match[1].toLowerCase() };
}

/**
 * The original sender of a mail a staff member forwarded in: from an attached message/rfc822,
 * else from the first "From:" line after a forwarded-message marker in the text.
 */
export function originalSender(text: string | null, attachments: ParsedAttachment[]): AddressDto | null {
  for (const attachment of attachments) {
    if (attachment.contentType.startsWith('message/rfc822')) {
      const headers = attachment.content.subarray(0, 16_384).toString('utf8').split(/\r?\n\r?\n/)[0];
      const from = /^from:\s*(.+)$/im.exec(headers);
      const address = from ? addressFromLine(from[1]) : null;
      if (address) return address;
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
