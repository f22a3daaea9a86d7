import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export interface ImportItem {
  /** File path, with `#n` for the n-th message of an mbox. */
  label: string;
  bytes: Buffer;
}

const MBOX_SEPARATOR = /^From \S.*$/;
// A separator line carries the envelope sender and a date: "From jane@paper.example Mon Jun  3 10:02:00 2024".
const SEPARATOR_WITH_DATE = /^From \S+.*\d/;
const HEADER_LINE = /^[A-Za-z0-9-]+:/;
// Headers every stored mail carries; a body paragraph that merely starts "Subject: …" has none of them.
const MAIL_HEADER = /^(?:from|date|message-id|received|return-path|delivered-to|mime-version|x-gm-thrid)[ \t]*:/i;
const FOLDED_LINE = /^[ \t]/;
// How many lines of a header block are read to tell a separator from a body line starting with "From ".
const MAX_HEADER_LINES = 200;

function isMbox(bytes: Buffer): boolean {
  return startsWithFrom(bytes, 0) && MBOX_SEPARATOR.test(bytes.subarray(0, 200).toString('latin1').split('\n')[0].replace(/\r$/, ''));
}

const LF = 0x0a;
const CR = 0x0d;
const FROM_SPACE = Buffer.from('From ', 'latin1');
const LINE_FROM_SPACE = Buffer.from('\nFrom ', 'latin1');

// The mbox is walked as bytes, line start by line start: a 40 MB archive never becomes one string or millions of lines.
function lineEnd(bytes: Buffer, start: number): number {
  const end = bytes.indexOf(LF, start);
  return end < 0 ? bytes.length : end;
}

function nextLine(bytes: Buffer, start: number): number {
  return Math.min(lineEnd(bytes, start) + 1, bytes.length);
}

function lineText(bytes: Buffer, start: number): string {
  let end = lineEnd(bytes, start);
  if (end > start && bytes[end - 1] === CR) end--;
  return bytes.toString('latin1', start, end);
}

const isBlankAt = (bytes: Buffer, start: number) => start < bytes.length && (bytes[start] === LF || (bytes[start] === CR && bytes[start + 1] === LF));

function startsWithFrom(bytes: Buffer, start: number): boolean {
  return bytes.length - start >= 5 && bytes.compare(FROM_SPACE, 0, 5, start, start + 5) === 0;
}

/** Whether the line before the one starting at `start` is empty (or `start` is the beginning). */
function afterBlankLine(bytes: Buffer, start: number): boolean {
  if (start === 0) return true;
  let end = start - 1;
  if (end > 0 && bytes[end - 1] === CR) end--;
  return end === 0 || bytes[end - 1] === LF;
}

/**
 * A "From " line starts a message only after a blank line (or at the start) and before a header block;
 * mboxo and careless writers leave body lines like "From here on…" unescaped.
 */
function isSeparator(bytes: Buffer, start: number, afterBlank = true): boolean {
  if (!startsWithFrom(bytes, start) || (afterBlank && !afterBlankLine(bytes, start))) return false;
  if (!SEPARATOR_WITH_DATE.test(lineText(bytes, start))) return false;
  let headers = 0;
  let mailHeaders = 0;
  let at = nextLine(bytes, start);
  for (let count = 0; count < MAX_HEADER_LINES && at < bytes.length; count++, at = nextLine(bytes, at)) {
    const line = lineText(bytes, at);
    if (line === '') break;
    if (HEADER_LINE.test(line)) {
      headers++;
      if (MAIL_HEADER.test(line)) mailHeaders++;
    } else if (!(headers > 0 && FOLDED_LINE.test(line))) return false;
  }
  return mailHeaders > 0;
}

/** Where a message's body ends by its Content-Length (mboxcl2), or null when absent or inconsistent. */
function contentLengthEnd(bytes: Buffer, headerStart: number): number | null {
  let at = headerStart;
  let length: number | null = null;
  for (; at < bytes.length && !isBlankAt(bytes, at); at = nextLine(bytes, at)) {
    const match = /^content-length:[ \t]*(\d{1,12})[ \t]*$/i.exec(lineText(bytes, at));
    if (match) length = Number(match[1]);
  }
  if (length === null || at >= bytes.length) return null;
  const bodyEnd = nextLine(bytes, at) + length;
  if (bodyEnd > bytes.length) return null;
  // Consistent only when the body ends at a line start, before blank lines and then a separator or the end.
  if (bodyEnd < bytes.length && bytes[bodyEnd - 1] !== LF) return null;
  let next = bodyEnd;
  while (isBlankAt(bytes, next)) next = nextLine(bytes, next);
  return next >= bytes.length || isSeparator(bytes, next, false) ? bodyEnd : null;
}

/** One message's bytes: trailing blank lines dropped, one line end kept, and (mboxrd/mboxo) one ">" taken off ">…From ". */
function messageBytes(bytes: Buffer, start: number, end: number, unescape: boolean): Buffer {
  let contentEnd = end;
  while (contentEnd > start && (bytes[contentEnd - 1] === LF || bytes[contentEnd - 1] === CR)) contentEnd--;
  const lineEnding = contentEnd < end && bytes[contentEnd] === CR ? '\r\n' : '\n';
  const chunks: Buffer[] = [];
  let copied = start;
  for (let found = unescape ? bytes.indexOf(FROM_SPACE, start) : -1; found >= 0 && found < contentEnd; found = bytes.indexOf(FROM_SPACE, found + 5)) {
    let quote = found;
    while (quote > start && bytes[quote - 1] === 0x3e) quote--;
    if (quote < found && (quote === start || bytes[quote - 1] === LF)) {
      chunks.push(bytes.subarray(copied, quote));
      copied = quote + 1;
    }
  }
  chunks.push(bytes.subarray(copied, contentEnd), Buffer.from(lineEnding, 'latin1'));
  return Buffer.concat(chunks);
}

/**
 * Splits an mbox into messages: mboxrd/mboxo un-escaping of `>From ` lines; mboxcl2's Content-Length
 * honoured (body taken as written) when it lands on the next separator or the end of the file.
 */
export function splitMbox(bytes: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  if (!startsWithFrom(bytes, 0)) return messages;
  let at = 0;
  while (at < bytes.length) {
    const start = nextLine(bytes, at);
    const byLength = contentLengthEnd(bytes, start);
    if (byLength !== null) {
      messages.push(messageBytes(bytes, start, byLength, false));
      at = byLength;
      while (isBlankAt(bytes, at)) at = nextLine(bytes, at);
      continue;
    }
    // Only lines starting "From " can separate; jump from one to the next.
    let end = bytes.length;
    for (let hit = bytes.indexOf(LINE_FROM_SPACE, start - 1); hit >= 0; hit = bytes.indexOf(LINE_FROM_SPACE, hit + 1)) {
      if (hit + 1 > start && isSeparator(bytes, hit + 1)) {
        end = hit + 1;
        break;
      }
    }
    messages.push(messageBytes(bytes, start, end, true));
    at = end;
  }
  return messages;
}

/** Every message under the given paths: `.eml` files, mbox files, folders of either (recursively, sorted). */
export async function* importItems(paths: string[]): AsyncGenerator<ImportItem> {
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = (await readdir(path)).sort();
      yield* importItems(entries.filter((entry) => !entry.startsWith('.')).map((entry) => join(path, entry)));
      continue;
    }
    const bytes = await readFile(path);
    if (isMbox(bytes)) {
      const messages = splitMbox(bytes);
      for (const [index, message] of messages.entries()) yield { label: messages.length > 1 ? `${path}#${index + 1}` : path, bytes: message };
    } else if (info.size > 0 && (extname(path).toLowerCase() === '.eml' || paths.includes(path))) {
      yield { label: path, bytes };
    }
  }
}
