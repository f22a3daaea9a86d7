/**
 * Worker thread: everything CPU-heavy about one inbound mail — MIME parsing (mailparser),
 * charset repair of raw 8-bit headers, HTML → text, HTML sanitising, reply trimming and the
 * content hash — so a 10 MB mail or a MIME bomb never blocks the API's event loop.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { convert } from 'html-to-text';
import iconv from 'iconv-lite';
import { simpleParser, type AddressObject } from 'mailparser';
import type { AddressDto } from '@newsdesk/shared';
import { sanitiseMailHtml } from '../html-sanitiser.js';
import { trimReply } from '../reply-trimmer.js';
import { mimeShapeProblem } from './mime-structure.js';
import { chooseSender, rawHeaderValues } from './sender.js';
import { ATTACHMENT_PLACEHOLDER, type ParseLimits, type ParseRequest, type ParseResponse, type ParsedMail } from './parsed-mail.js';

function headerBlockLength(bytes: Buffer): number {
  const ends = [bytes.indexOf('\r\n\r\n'), bytes.indexOf('\n\n')].filter((index) => index >= 0);
  return ends.length ? Math.min(...ends) : bytes.length;
}

function checkBounds(bytes: Buffer, limits: ParseLimits): string | null {
  if (headerBlockLength(bytes) > limits.maxHeaderBytes) return `the header block is larger than ${limits.maxHeaderBytes} bytes`;
  // Counted on the structure with headers unfolded: header text alone misses a folded Content-Type.
  return mimeShapeProblem(bytes, { maxParts: limits.maxParts, maxNesting: limits.maxNesting });
}

function addresses(value: AddressObject | AddressObject[] | undefined): AddressDto[] {
  const out: AddressDto[] = [];
  const walk = (entries: { address?: string; name?: string; group?: unknown[] }[]) => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group as typeof entries);
      else if (entry.address) out.push({ name: entry.name || null, address: entry.address });
    }
  };
  for (const object of Array.isArray(value) ? value : value ? [value] : []) walk(object.value);
  return out;
}

// Raw 8-bit header bytes (no encoded-words) are shown by mail clients in UTF-8 when valid,
// else in the message's declared charset, else Windows-1252; mailparser guesses differently.
function rawHeader(bytes: Buffer, name: string): Buffer | null {
  const block = bytes.subarray(0, headerBlockLength(bytes)).toString('latin1');
  const match = new RegExp(`^${name}[ \\t]*:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'im').exec(block);
  return match ? Buffer.from(match[1].replace(/\r?\n([ \t])/g, '$1').trim(), 'latin1') : null;
}

function decode8bit(buffer: Buffer, charset: string | null): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, charset && iconv.encodingExists(charset) ? charset : 'windows-1252');
  }
}

function repairHeaders(buffer: Buffer, mail: ParsedMail) {
  const charset = /charset\s*=\s*"?([A-Za-z0-9_.:-]+)/i.exec(buffer.toString('latin1'))?.[1] ?? null;
  const subject = rawHeader(buffer, 'subject');
  if (subject && /[\x80-\xff]/.test(subject.toString('latin1')) && !subject.includes('=?')) mail.subject = decode8bit(subject, charset).trim();
  // The sender is read from the raw From:/Reply-To:/Sender: values: mailparser keeps one From: and splits decoded commas.
  const eightBit = (raw: Buffer) => /[\x80-\xff]/.test(raw.toString('latin1')) && !raw.includes('=?');
  const sender = chooseSender(rawHeaderValues(buffer, headerBlockLength(buffer)), (raw) => (eightBit(raw) ? decode8bit(raw, charset) : raw.toString('latin1')));
  mail.from = sender.from;
  mail.senderSource = sender.source;
  mail.otherFrom = sender.otherFrom;
}

/** PostgreSQL text cannot hold NUL; mail sometimes does. */
// oxlint-disable-next-line no-control-regex -- removing NUL is the point
const clean = (value: string | null): string | null => (value == null ? null : value.replace(/\u0000/g, ''));

async function parse({ bytes, limits }: ParseRequest): Promise<ParsedMail> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const problem = checkBounds(buffer, limits);
  if (problem) throw Object.assign(new Error(problem), { bounds: true });
  const mail = await simpleParser(buffer, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, maxHtmlLengthToParse: 10 * 1024 * 1024 });
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const html = clean(typeof mail.html === 'string' ? mail.html : null);
  // Mail with only an HTML part still gets a readable plain text.
  const rawText = typeof mail.text === 'string' && mail.text.trim() ? mail.text : html ? convert(html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }] }) : null;
  const text = clean(rawText)?.trim() || null;
  const attachments = mail.attachments.map((attachment) => ({
    filename: attachment.filename || null,
    contentType: (attachment.contentType || 'application/octet-stream').toLowerCase(),
    contentDisposition: attachment.contentDisposition || null,
    contentId: attachment.contentId || attachment.cid || null,
    related: !!attachment.related,
    content: attachment.content,
    sha256: createHash('sha256').update(attachment.content).digest('hex'),
  }));
  // Inline images point at placeholders the pipeline swaps for attachment URLs once it has ids.
  const cidUrls = new Map<string, string>();
  attachments.forEach((attachment, index) => {
    const cid = attachment.contentId?.replace(/^<|>$/g, '').trim().toLowerCase();
    if (cid) cidUrls.set(cid, `/api/attachments/${ATTACHMENT_PLACEHOLDER}${index}__`);
  });
  const sanitised = html ? sanitiseMailHtml(html, { cidUrls }) : null;
  const hash = createHash('sha256').update(text ?? '').update('\u0000').update(html ?? '');
  for (const attachment of attachments) hash.update('\u0000').update(attachment.content);
  const parsed: ParsedMail = {
    messageId: mail.messageId || null,
    inReplyTo: typeof mail.inReplyTo === 'string' ? mail.inReplyTo : null,
    references: Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [],
    subject: mail.subject || '',
    from: addresses(mail.from)[0] ?? null,
    senderSource: mail.from ? 'from' : null,
    otherFrom: [],
    replyTo: addresses(mail.replyTo),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    text,
    html,
    sanitisedHtml: sanitised?.html ?? null,
    remoteImages: sanitised?.remoteImages ?? 0,
    newText: text ? trimReply(text) || text : null,
    contentHash: hash.digest('hex'),
    headers: mail.headerLines.map((header) => {
      const index = header.line.indexOf(':');
      return [header.key, index < 0 ? '' : header.line.slice(index + 1).replace(/\r?\n[ \t]+/g, ' ').trim()] as [string, string];
    }),
    contentType: contentType?.value
      ? `${contentType.value}${Object.entries(contentType.params ?? {}).map(([key, value]) => `; ${key}=${value}`).join('')}`.toLowerCase()
      : 'text/plain',
    attachments,
  };
  repairHeaders(buffer, parsed);
  return parsed;
}

parentPort?.on('message', (request: ParseRequest) => {
  parse(request).then(
    (result) => parentPort!.postMessage({ id: request.id, result } satisfies ParseResponse),
    (error: Error & { bounds?: boolean }) =>
      parentPort!.postMessage({ id: request.id, ...(error.bounds ? { bounds: error.message } : { error: error.message }) } satisfies ParseResponse),
  );
});
