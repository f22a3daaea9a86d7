import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export type ImportItem =
  | {
      /** File path, with `#n` for the n-th message of an mbox. */
      label: string;
      bytes: Buffer;
      error?: undefined;
    }
  | {
      label: string;
      bytes?: undefined;
      /** Why this path or file is not imported (not mail, unreadable, missing); the rest still is. */
      error: string;
    };

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

// A header field name (RFC 5322: printable ASCII but colon), then a colon.
const FIELD_LINE = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
// Fields a stored or sent mail carries; a text file of "Key: value" lines has none of them.
const MESSAGE_FIELD = /^(?:from|to|cc|date|subject|message-id|received|return-path|delivered-to|mime-version|sender|reply-to|content-type)[ \t]*:/i;

/**
 * Why `bytes` is not a mail message, or null when it is one: a message starts with a header block
 * (field lines, folded lines, then a blank line or the end) naming at least one mail field, and holds no NUL there.
 */
export function notMailReason(bytes: Buffer): string | null {
  if (!bytes.length) return 'the file is empty';
  // Images, archives, documents: NUL bytes in the first KB, where mail has only header text.
  if (bytes.subarray(0, 1024).includes(0)) {
    return 'not a mail message: it holds binary data (NUL bytes) where mail headers belong';
  }
  let fields = 0;
  let mailFields = 0;
  let at = 0;
  for (let count = 0; at < bytes.length && count < MAX_HEADER_LINES * 5; count++, at = nextLine(bytes, at)) {
    if (bytes.subarray(at, lineEnd(bytes, at)).includes(0)) return 'not a mail message: it holds binary data (NUL bytes) where mail headers belong';
    const line = lineText(bytes, at);
    if (line === '') break;
    if (FIELD_LINE.test(line)) {
      fields++;
      if (MESSAGE_FIELD.test(line)) mailFields++;
    } else if (!(fields > 0 && FOLDED_LINE.test(line))) {
      return `not a mail message: line ${count + 1} is not a header field (a message starts with lines like "From: …", "Subject: …")`;
    }
  }
  return mailFields ? null : 'not a mail message: no From:, Date:, Subject: or Message-ID: header at the start';
}

const errorText = (error: unknown) => {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
};

/**
 * Every message under the given paths: `.eml` files, mbox files, folders of either (recursively, sorted).
 * A path named on the command line or an `.eml` file that is not mail, or a path that cannot be read,
 * becomes an item with an error; other files in folders that are not mail are skipped (`onSkipped`),
 * so a README beside the archive is no error, while a Maildir file without an extension is imported.
 */
export async function* importItems(paths: string[], onSkipped: (path: string, reason: string) => void = () => undefined, named = true): AsyncGenerator<ImportItem> {
  for (const path of paths) {
    let info;
    let bytes: Buffer;
    try {
      info = await stat(path);
      if (info.isDirectory()) {
        const entries = (await readdir(path)).sort();
        yield* importItems(entries.filter((entry) => !entry.startsWith('.')).map((entry) => join(path, entry)), onSkipped, false);
        continue;
      }
      if (!info.isFile()) {
        if (named) yield { label: path, error: 'not a file or folder' };
        continue;
      }
      bytes = await readFile(path);
    } catch (error) {
      yield { label: path, error: errorText(error) };
      continue;
    }
    if (isMbox(bytes)) {
      const messages = splitMbox(bytes);
      for (const [index, message] of messages.entries()) {
        const label = messages.length > 1 ? `${path}#${index + 1}` : path;
        const reason = notMailReason(message);
        yield reason ? { label, error: reason } : { label, bytes: message };
      }
      continue;
    }
    const reason = notMailReason(bytes);
    if (!reason) yield { label: path, bytes };
    else if (named || extname(path).toLowerCase() === '.eml') yield { label: path, error: reason };
    else onSkipped(path, reason);
  }
}

/** How many items `importItems` will yield for these paths (for a progress bar's total); reads the files once more. */
export async function countImportItems(paths: string[]): Promise<number> {
  let count = 0;
  for await (const item of importItems(paths)) if (item.label) count++;
  return count;
}
