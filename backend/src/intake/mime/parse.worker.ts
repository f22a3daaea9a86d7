/**
 * Worker thread: everything CPU-heavy about one inbound mail — MIME parsing (mailparser),
 * charset repair of raw 8-bit headers, HTML → text, HTML sanitising, reply trimming and the
 * content hash — so a 10 MB mail or a MIME bomb never blocks the API's event loop.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { simpleParser, type AddressObject } from 'mailparser';
import type { AddressDto } from '@newsdesk/shared';
import { sanitiseMailHtml } from '../html-sanitiser.js';
import { findDeadline } from '../deadline-parser.js';
import { trimReply } from '../reply-trimmer.js';
import { htmlToText } from './html-text.js';
import { cleanText, decodeEightBit, repairMojibake } from './mail-charset.js';
import { repairMime, standaloneHtml, topLevelCharset } from './mime-repair.js';
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
// else in the charset of the header's own part, else as detected; mailparser guesses differently.
function rawHeader(bytes: Buffer, name: string): Buffer | null {
  const block = bytes.subarray(0, headerBlockLength(bytes)).toString('latin1');
  const match = new RegExp(`^${name}[ \\t]*:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'im').exec(block);
  return match ? Buffer.from(match[1].replace(/\r?\n([ \t])/g, '$1').trim(), 'latin1') : null;
}

function decode8bit(buffer: Buffer, charset: string | null): string {
  return decodeEightBit(buffer, charset);
}

function repairHeaders(buffer: Buffer, mail: ParsedMail) {
  const charset = topLevelCharset(buffer);
  const subject = rawHeader(buffer, 'subject');
  if (subject && /[\x80-\xff]/.test(subject.toString('latin1')) && !subject.includes('=?')) mail.subject = decode8bit(subject, charset).trim();
  // The sender is read from the raw From:/Reply-To:/Sender: values: mailparser keeps one From: and splits decoded commas.
  const eightBit = (raw: Buffer) => /[\x80-\xff]/.test(raw.toString('latin1')) && !raw.includes('=?');
  const sender = chooseSender(rawHeaderValues(buffer, headerBlockLength(buffer)), (raw) => (eightBit(raw) ? decode8bit(raw, charset) : raw.toString('latin1')));
  mail.from = sender.from;
  mail.senderSource = sender.source;
  mail.otherFrom = sender.otherFrom;
}

/** PostgreSQL text cannot hold NUL, and no text field may hold mojibake (see cleanText). */
const clean = cleanText;

/** An embedded message is named after its own subject, as mail clients save it. */
async function embeddedMessageName(content: Buffer): Promise<string> {
  const end = headerBlockLength(content);
  const headers = await simpleParser(Buffer.concat([content.subarray(0, end), Buffer.from('\r\n\r\n')]), { skipHtmlToText: true, skipTextToHtml: true });
  let subject = headers.subject ?? '';
  const raw = rawHeader(content, 'subject');
  if (raw && /[\x80-\xff]/.test(raw.toString('latin1')) && !raw.includes('=?')) subject = decode8bit(raw, topLevelCharset(content));
  // A slash would make the name a path, and the subject would lose everything before it.
  subject = cleanText(subject).replace(/[/\\]/g, '_').replace(/\s+/g, ' ').trim();
  return `${subject || 'forwarded message'}.eml`;
}

/** The plain text of the body: text parts, plus HTML converted where it is not just their alternative. */
function bodyText(plain: string | null, html: string | null, standalone: 'before-text' | 'after-text' | null): string | null {
  if (!html) return plain;
  if (!plain) return htmlToText(html);
  if (!standalone) return plain;
  return standalone === 'before-text' ? `${htmlToText(html)}\n\n${plain}` : `${plain}\n\n${htmlToText(html)}`;
}

async function parse({ bytes, limits, deadline }: ParseRequest): Promise<ParsedMail> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const problem = checkBounds(buffer, limits);
  if (problem) throw Object.assign(new Error(problem), { bounds: true });
  // Missing boundaries and charsets repaired in the headers mailparser reads; the stored raw bytes stay as received.
  const repaired = repairMime(buffer);
  const mail = await simpleParser(repaired, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, maxHtmlLengthToParse: 10 * 1024 * 1024 });
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  // A single text part relayed as UTF-8 of its Latin-1 misreading is restored with its own charset.
  const ownCharset = /^text\//i.test(contentType?.value ?? 'text/plain') ? topLevelCharset(buffer) : null;
  const html = clean(typeof mail.html === 'string' ? repairMojibake(mail.html, ownCharset) : null);
  // Mail with only an HTML part still gets a readable plain text.
  const plain = typeof mail.text === 'string' && mail.text.trim() ? repairMojibake(mail.text, ownCharset).trim() : null;
  // An HTML part beside text parts (not their alternative) is left out of mailparser's text.
  const standalone = html !== null && plain !== null ? standaloneHtml(repaired) : null;
  const rawText = bodyText(plain, html, standalone);
  const text = clean(rawText)?.trim() || null;
  const embeddedNames = await Promise.all(
    mail.attachments.map((attachment) => (!attachment.filename && attachment.contentType?.toLowerCase() === 'message/rfc822' ? embeddedMessageName(attachment.content) : null)),
  );
  const attachments = mail.attachments.map((attachment, index) => ({
    filename: attachment.filename || embeddedNames[index],
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
    deadline: null,
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
  parsed.subject = cleanText(parsed.subject);
  for (const address of [parsed.from, ...parsed.replyTo, ...parsed.to, ...parsed.cc]) if (address?.name) address.name = cleanText(address.name) || null;
  // Relative deadlines ("tomorrow") are read from when the writer sent it, else from when it arrived.
  const sentAt = parsed.date ? new Date(parsed.date) : new Date(deadline.receivedAt);
  parsed.deadline = findDeadline(parsed.newText ?? parsed.text ?? '', sentAt, deadline.timeZone)?.toISOString() ?? null;
  return parsed;
}

// The pool hands over one or more messages at a time: parsed in order, each answered as soon as it is done.
parentPort?.on('message', async (requests: ParseRequest[]) => {
  for (const request of requests) {
    const reply = await parse(request).then(
      (result): ParseResponse => ({ id: request.id, result }),
      (error: Error & { bounds?: boolean }): ParseResponse => ({ id: request.id, ...(error.bounds ? { bounds: error.message } : { error: error.message }) }),
    );
    parentPort!.postMessage(reply);
  }
});
