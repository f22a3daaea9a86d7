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
  return bytes.subarray(0, 5).toString('latin1') === 'From ' && MBOX_SEPARATOR.test(bytes.subarray(0, 200).toString('latin1').split('\n')[0]);
}

const bare = (line: string) => line.replace(/\r$/, '');

/**
 * A "From " line starts a message only after a blank line (or at the start) and before a header block;
 * mboxo and careless writers leave body lines like "From here on…" unescaped.
 */
function isSeparator(lines: string[], index: number, afterBlank = true): boolean {
  if (!SEPARATOR_WITH_DATE.test(bare(lines[index]))) return false;
  if (afterBlank && index > 0 && bare(lines[index - 1]) !== '') return false;
  let headers = 0;
  let mailHeaders = 0;
  for (let next = index + 1; next < lines.length && next <= index + MAX_HEADER_LINES; next++) {
    const line = bare(lines[next]);
    if (line === '') break;
    if (HEADER_LINE.test(line)) {
      headers++;
      if (MAIL_HEADER.test(line)) mailHeaders++;
    } else if (!(headers > 0 && FOLDED_LINE.test(line))) return false;
  }
  return mailHeaders > 0;
}

/** The line index where a message's body ends by its Content-Length (mboxcl2), or null when absent or inconsistent. */
function contentLengthEnd(lines: string[], offsets: number[], lineAt: Map<number, number>, headerStart: number): number | null {
  let blank = headerStart;
  let length: number | null = null;
  while (blank < lines.length && bare(lines[blank]) !== '') {
    const match = /^content-length:[ \t]*(\d{1,12})[ \t]*$/i.exec(bare(lines[blank]));
    if (match) length = Number(match[1]);
    blank++;
  }
  if (length === null || blank + 1 >= lines.length) return null;
  const bodyEnd = offsets[blank + 1] + length;
  // Consistent only when the body ends on a line boundary, before at most a blank line and then a separator or the end.
  const after = lineAt.get(bodyEnd);
  if (after === undefined) return null;
  let next = after;
  if (next < lines.length && bare(lines[next]) === '') next++;
  if (next >= lines.length || (next === lines.length - 1 && lines[next] === '')) return after;
  return isSeparator(lines, next, false) ? after : null;
}

/**
 * Splits an mbox into messages: mboxrd/mboxo un-escaping of `>From ` lines; mboxcl2's Content-Length
 * honoured (body taken as written) when it lands on the next separator or the end of the file.
 */
export function splitMbox(bytes: Buffer): Buffer[] {
  const text = bytes.toString('latin1');
  const lines = text.split('\n');
  const offsets: number[] = [];
  for (let index = 0, offset = 0; index < lines.length; index++) {
    offsets.push(offset);
    offset += lines[index].length + 1;
  }
  const lineAt = new Map(offsets.map((offset, index) => [offset, index]));
  const messages: string[][] = [];
  let index = 0;
  // Where a Content-Length ended, the next separator needs no blank line before it.
  let afterLength = false;
  while (index < lines.length) {
    if (!(index === 0 ? MBOX_SEPARATOR.test(bare(lines[0])) : isSeparator(lines, index, !afterLength))) {
      index++;
      continue;
    }
    afterLength = false;
    const start = index + 1;
    const byLength = contentLengthEnd(lines, offsets, lineAt, start);
    if (byLength !== null) {
      messages.push(lines.slice(start, byLength));
      index = byLength;
      afterLength = true;
      continue;
    }
    let end = start;
    while (end < lines.length && !isSeparator(lines, end)) end++;
    messages.push(lines.slice(start, end).map((line) => line.replace(/^>(>*From )/, '$1')));
    index = end;
  }
  return messages.map((message) => {
    while (message.length && bare(message[message.length - 1]) === '') message.pop();
    return Buffer.from(`${message.join('\n')}\n`, 'latin1');
  });
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
