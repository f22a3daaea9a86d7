import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { MailBoundsError, type ParsedMail } from './parsed-mail.js';

export interface ParseLimits {
  maxParts: number;
  maxNesting: number;
  maxHeaderBytes: number;
  timeoutMs: number;
}

// The worker is plain JavaScript handed to `new Worker(…, { eval: true })`, so the same code runs
// from the TypeScript sources under jest and from the build: a separate worker file could not be
// loaded by Node from .ts. It checks the bounds on the raw bytes, then runs mailparser.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { simpleParser } = require(workerData.mailparserPath);
const { convert } = require(workerData.htmlToTextPath);
const iconv = require(workerData.iconvPath);
const addressparser = require(workerData.addressparserPath);

// Raw 8-bit header bytes (no encoded-words) are shown by mail clients in UTF-8 when valid,
// else in the message's declared charset, else Windows-1252; mailparser guesses differently.
function rawHeader(bytes, name) {
  const block = bytes.subarray(0, headerBlockLength(bytes)).toString('latin1');
  const match = new RegExp('^' + name + '[ \\t]*:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)', 'im').exec(block);
  return match ? Buffer.from(match[1].replace(/\\r?\\n([ \\t])/g, '$1').trim(), 'latin1') : null;
}

function decode8bit(buffer, charset) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, charset && iconv.encodingExists(charset) ? charset : 'windows-1252');
  }
}

// RFC 5322 comments and folding whitespace inside an address: "jdoe@machine(comment).  example".
function stripComments(value) {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\\\' && i + 1 < value.length) {
      if (!depth) out += c + value[i + 1];
      i++;
    } else if (c === '"' && !depth) {
      quoted = !quoted;
      out += c;
    } else if (c === '(' && !quoted) depth++;
    else if (c === ')' && depth) depth--;
    else if (!depth) out += c;
  }
  return out.replace(/<([^>]*)>/g, (_, inner) => '<' + inner.replace(/\\s+/g, '') + '>');
}

function repairHeaders(buffer, result) {
  const charsetMatch = /charset\\s*=\\s*"?([A-Za-z0-9_.:-]+)/i.exec(buffer.toString('latin1'));
  const charset = charsetMatch ? charsetMatch[1] : null;
  const subject = rawHeader(buffer, 'subject');
  if (subject && /[\\x80-\\xff]/.test(subject.toString('latin1')) && !subject.includes('=?')) {
    result.subject = decode8bit(subject, charset).trim();
  }
  const from = rawHeader(buffer, 'from');
  if (!from) return;
  const eightBit = /[\\x80-\\xff]/.test(from.toString('latin1')) && !from.includes('=?');
  if (!eightBit && result.from && result.from.address && result.from.address.includes('@')) return;
  const text = eightBit ? decode8bit(from, charset) : from.toString('latin1');
  const parsed = addressparser(stripComments(text)).filter((entry) => entry.address && entry.address.includes('@'));
  if (parsed.length) result.from = { name: parsed[0].name || null, address: parsed[0].address };
}

function headerBlockLength(bytes) {
  const crlf = bytes.indexOf('\\r\\n\\r\\n');
  const lf = bytes.indexOf('\\n\\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  return ends.length ? Math.min(...ends) : bytes.length;
}

function checkBounds(bytes, limits) {
  if (headerBlockLength(bytes) > limits.maxHeaderBytes) {
    return 'the header block is larger than ' + limits.maxHeaderBytes + ' bytes';
  }
  const text = bytes.toString('latin1');
  const parts = (text.match(/^content-type:/gim) || []).length;
  if (parts > limits.maxParts) return 'more than ' + limits.maxParts + ' MIME parts (' + parts + ')';
  const multiparts = (text.match(/^content-type:[ \\t]*multipart\\//gim) || []).length;
  if (multiparts > limits.maxNesting) return 'more than ' + limits.maxNesting + ' nested multipart containers (' + multiparts + ')';
  return null;
}

function address(value) {
  const list = value && value.value ? value.value : [];
  const out = [];
  const walk = (entries) => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group);
      else if (entry.address) out.push({ name: entry.name || null, address: entry.address });
    }
  };
  walk(list);
  return out;
}

function unfold(line) {
  const index = line.indexOf(':');
  return index < 0 ? '' : line.slice(index + 1).replace(/\\r?\\n[ \\t]+/g, ' ').trim();
}

parentPort.on('message', async ({ id, bytes }) => {
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const problem = checkBounds(buffer, workerData.limits);
    if (problem) {
      parentPort.postMessage({ id, bounds: problem });
      return;
    }
    const mail = await simpleParser(buffer, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, maxHtmlLengthToParse: 10 * 1024 * 1024 });
    const contentType = mail.headers.get('content-type');
    const result = {
      messageId: mail.messageId || null,
      inReplyTo: typeof mail.inReplyTo === 'string' ? mail.inReplyTo : null,
      references: Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [],
      subject: mail.subject || '',
      from: address(mail.from)[0] || null,
      replyTo: address(mail.replyTo),
      to: Array.isArray(mail.to) ? mail.to.flatMap(address) : address(mail.to),
      cc: Array.isArray(mail.cc) ? mail.cc.flatMap(address) : address(mail.cc),
      date: mail.date && !isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
      // Mail with only an HTML part still gets a readable plain text.
      text: typeof mail.text === 'string' && mail.text.trim()
        ? mail.text
        : typeof mail.html === 'string' ? convert(mail.html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }] }) : null,
      html: typeof mail.html === 'string' ? mail.html : null,
      headers: mail.headerLines.map((h) => [h.key, unfold(h.line)]),
      contentType: contentType && contentType.value
        ? (contentType.value + Object.entries(contentType.params || {}).map(([k, v]) => '; ' + k + '=' + v).join('')).toLowerCase()
        : 'text/plain',
      attachments: mail.attachments.map((a) => ({
        filename: a.filename || null,
        contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
        contentDisposition: a.contentDisposition || null,
        contentId: a.contentId || a.cid || null,
        related: !!a.related,
        content: a.content,
      })),
    };
    repairHeaders(buffer, result);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
});
`;

interface Job {
  id: number;
  bytes: Buffer;
  resolve: (mail: ParsedMail) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

interface WorkerReply {
  id: number;
  result?: ParsedMail;
  bounds?: string;
  error?: string;
}

/**
 * Parses mail on worker threads, one message per worker at a time: a 10 MB mail or a MIME bomb
 * never blocks the API's event loop, and a parse past its time limit is stopped by terminating
 * its worker (a fresh one takes its place).
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly mailparserPath = createRequire(import.meta.url).resolve('mailparser');
  private readonly htmlToTextPath = createRequire(import.meta.url).resolve('html-to-text');
  private readonly iconvPath = createRequire(import.meta.url).resolve('iconv-lite');
  private readonly addressparserPath = createRequire(import.meta.url).resolve('nodemailer/lib/addressparser');

  constructor(
    private readonly size: number,
    private readonly limits: ParseLimits,
  ) {}

  parse(bytes: Buffer): Promise<ParsedMail> {
    if (this.closed) return Promise.reject(new Error('parse pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('parse pool is closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch() {
    while (this.queue.length) {
      let slot = this.slots.find((candidate) => !candidate.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => this.fail(slot!, new MailBoundsError(`parsing took longer than ${this.limits.timeoutMs} ms`)), this.limits.timeoutMs);
      const copy = new Uint8Array(job.bytes.byteLength);
      copy.set(job.bytes);
      slot.worker.postMessage({ id: job.id, bytes: copy }, [copy.buffer]);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        mailparserPath: this.mailparserPath,
        htmlToTextPath: this.htmlToTextPath,
        iconvPath: this.iconvPath,
        addressparserPath: this.addressparserPath,
        limits: this.limits,
      },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (reply: WorkerReply) => this.settle(slot, reply));
    worker.on('error', (error) => this.fail(slot, new MailBoundsError(`the parser failed: ${error.message}`)));
    worker.on('exit', () => {
      if (slot.job) this.fail(slot, new MailBoundsError('the parser stopped unexpectedly'));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private settle(slot: Slot, reply: WorkerReply) {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    this.release(slot);
    if (reply.bounds) job.reject(new MailBoundsError(reply.bounds));
    else if (reply.error !== undefined) job.reject(new Error(`unparseable message: ${reply.error}`));
    else job.resolve(revive(reply.result!));
    this.dispatch();
  }

  /** A job that timed out or crashed its worker: the worker is replaced. */
  private fail(slot: Slot, error: Error) {
    const job = slot.job;
    this.release(slot);
    const index = this.slots.indexOf(slot);
    if (index >= 0) {
      this.slots.splice(index, 1);
      void slot.worker.terminate();
    }
    job?.reject(error);
    if (!this.closed) this.dispatch();
  }

  private release(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }
}

/** Structured clone turns Buffers into Uint8Arrays; make them Buffers again. */
function revive(mail: ParsedMail): ParsedMail {
  return {
    ...mail,
    attachments: mail.attachments.map((attachment) => ({
      ...attachment,
      content: Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength),
    })),
  };
}
