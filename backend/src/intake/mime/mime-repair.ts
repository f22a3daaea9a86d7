/**
 * Rewrites the few header fields mailparser would otherwise misread, before it parses: a
 * `multipart/*` without a usable boundary becomes the text it really is, and a text part that
 * does not name its charset (or names UTF-8/ASCII over other bytes) gets the detected one.
 * Bodies are never changed, and embedded messages (`message/rfc822`) stay byte-exact.
 * Runs after mimeShapeProblem, so nesting is already bounded.
 */
import iconv from 'iconv-lite';
import { detectCharset, isUtf8, knownCharset } from './mail-charset.js';

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface ContentType {
  type: string;
  params: string;
  boundary: string | null;
  charset: string | null;
}

const STRAY_BOUNDARY = /^[ \t]*boundary[ \t]*=[ \t]*(?:"([^"]*)"|([^\s;"]+))[ \t]*;?[ \t]*\r?\n/im;
const CONTENT_TYPE_FIELD = /^content-type[ \t]*:[^\n]*(?:\n[ \t][^\n]*)*\n?/im;

function unfold(header: string): string {
  return header.replace(/\r?\n([ \t])/g, '$1');
}

function param(params: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^\\s;"]+))`, 'i').exec(params);
  return match ? (match[1] ?? match[2]).trim() || null : null;
}

/** RFC 5322 comments removed, but not inside quoted strings: `boundary="Boundary_(ID_x)"` is a value. */
function withoutComments(value: string): string {
  return value.replace(/("(?:[^"\\]|\\.)*")|\([^()]*\)/g, (match, quoted: string | undefined) => quoted ?? ' ');
}

function contentTypeOf(header: string): ContentType | null {
  const field = /^content-type[ \t]*:(.*)$/im.exec(unfold(header));
  if (!field) return null;
  const value = withoutComments(field[1]).trim();
  const cut = value.indexOf(';');
  const params = cut >= 0 ? value.slice(cut) : '';
  return { type: (cut >= 0 ? value.slice(0, cut) : value).trim().toLowerCase(), params, boundary: param(params, 'boundary'), charset: param(params, 'charset') };
}

function transferEncoding(header: string): string {
  return (/^content-transfer-encoding[ \t]*:[ \t]*([^\s;]*)/im.exec(unfold(header))?.[1] ?? '').toLowerCase();
}

function bodyBytes(body: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  }
  return Buffer.from(body, 'latin1');
}

/** Offsets of the lines `--boundary` (and whether each is the closing one) within [start, end). */
function delimiters(source: string, start: number, end: number, boundary: string): { at: number; next: number; close: boolean }[] {
  const found: { at: number; next: number; close: boolean }[] = [];
  const marker = `--${boundary}`;
  let index = source.indexOf(marker, start);
  while (index >= 0 && index < end) {
    if (index === start || source[index - 1] === '\n') {
      const lineEnd = source.indexOf('\n', index);
      const stop = lineEnd < 0 || lineEnd > end ? end : lineEnd;
      const rest = source.slice(index + marker.length, stop).trimEnd();
      if (rest === '' || rest === '--') {
        found.push({ at: index, next: stop < end ? stop + 1 : end, close: rest === '--' });
        if (rest === '--') break;
      }
    }
    index = source.indexOf(marker, index + marker.length);
  }
  return found;
}

function replaceContentType(header: string, value: string, eol: string): string {
  const field = `Content-Type: ${value}${eol}`;
  return CONTENT_TYPE_FIELD.test(header) ? header.replace(CONTENT_TYPE_FIELD, field) : `${header}${header && !header.endsWith('\n') ? eol : ''}${field}`;
}

/** Charset a text part should be read with, or null when its declaration can be trusted. */
function charsetFix(declared: string | null, bytes: Buffer): string | null {
  if (!declared || !knownCharset(declared)) return detectCharset(bytes);
  // "UTF-8" or "US-ASCII" over bytes that are not: the label is wrong, the bytes are what was written.
  if (/^(?:utf-?8|(?:us-)?ascii)$/i.test(declared)) return isUtf8(bytes) ? null : detectCharset(bytes);
  // A legacy label over bytes that are valid UTF-8 and invalid in it: UTF-8 was written (see repairMojibake).
  if (/^iso-?2022/i.test(declared) || !bytes.some((byte) => byte >= 0x80) || !isUtf8(bytes)) return null;
  return iconv.decode(bytes.subarray(0, 64 * 1024), declared).slice(0, -2).includes('\uFFFD') ? 'UTF-8' : null;
}

/** Where the header block of the entity at [start, end) ends (its last line break included) and its body starts. */
function splitHeader(source: string, start: number, end: number): { headerEnd: number; bodyStart: number } {
  if (source.startsWith('\r\n', start)) return { headerEnd: start, bodyStart: start + 2 };
  if (source.startsWith('\n', start)) return { headerEnd: start, bodyStart: start + 1 };
  const blank = /\n\r?\n/g;
  blank.lastIndex = start;
  const match = blank.exec(source);
  if (!match || match.index >= end) return { headerEnd: end, bodyStart: end };
  return { headerEnd: match.index + 1, bodyStart: Math.min(end, match.index + match[0].length) };
}

/**
 * A header block with raw 8-bit bytes (a Cc name, a filename) re-encoded as UTF-8, which mailparser reads:
 * decoded with the part's own declared charset, else as detected. Unchanged when already UTF-8.
 */
function utf8Header(header: string, declared: string | null): string {
  if (!/[\x80-\xff]/.test(header) || isUtf8(Buffer.from(header, 'latin1'))) return header;
  const ownCharset = declared && !/^(?:utf-?8|(?:us-)?ascii)$/i.test(declared) && iconv.encodingExists(declared) ? declared : null;
  const eightBit = header.split('\n').filter((line) => /[\x80-\xff]/.test(line) && !isUtf8(Buffer.from(line, 'latin1')));
  const charset = ownCharset ?? detectCharset(Buffer.from(eightBit.join(' '), 'latin1')) ?? 'windows-1252';
  if (!iconv.encodingExists(charset)) return header;
  // Line by line: a header already in UTF-8 beside one in the legacy charset stays as it is.
  return header
    .split('\n')
    .map((line) => {
      const bytes = Buffer.from(line, 'latin1');
      return !/[\x80-\xff]/.test(line) || isUtf8(bytes) ? line : Buffer.from(iconv.decode(bytes, charset), 'utf8').toString('latin1');
    })
    .join('\n');
}

function walk(source: string, start: number, end: number, edits: Edit[], depth: number): void {
  const { headerEnd, bodyStart } = splitHeader(source, start, end);
  const header = source.slice(start, headerEnd);
  const eol = header.includes('\r\n') ? '\r\n' : '\n';
  const contentType = contentTypeOf(header);
  const type = contentType?.type || 'text/plain';
  let repaired = utf8Header(header, contentType?.charset ?? null);
  const finish = () => {
    if (repaired !== header) edits.push({ start, end: headerEnd, text: repaired });
  };

  if (type.startsWith('multipart/')) {
    // A fold that lost its indent leaves "boundary=..." on a line of its own.
    const stray = contentType?.boundary ? null : STRAY_BOUNDARY.exec(repaired);
    const boundary = contentType?.boundary ?? (stray ? (stray[1] ?? stray[2]) : null);
    const found = boundary ? delimiters(source, bodyStart, end, boundary) : [];
    if (found.length && stray) {
      const value = `${type}${(contentTypeOf(repaired)?.params ?? '').replace(/[\s;]+$/, '')}; boundary="${boundary}"`;
      repaired = replaceContentType(repaired.replace(STRAY_BOUNDARY, ''), value, eol);
    }
    if (found.length && depth < 64) {
      finish();
      for (let index = 0; index < found.length; index++) {
        if (found[index].close) break;
        walk(source, found[index].next, index + 1 < found.length ? found[index + 1].at : end, edits, depth + 1);
      }
      return;
    }
    // No boundary to split on: a parser would drop the whole body as preamble; it is the text.
    const bytes = bodyBytes(source.slice(bodyStart, end), transferEncoding(header));
    const charset = contentType?.charset && knownCharset(contentType.charset) ? contentType.charset : (detectCharset(bytes) ?? 'us-ascii');
    repaired = replaceContentType(repaired, `text/plain; charset="${charset}"`, eol);
    return finish();
  }
  if (type === 'text/plain' || type === 'text/html') {
    const fix = charsetFix(contentType?.charset ?? null, bodyBytes(source.slice(bodyStart, end), transferEncoding(header)));
    const params = (contentTypeOf(repaired)?.params ?? '').replace(/;\s*charset\s*=\s*(?:"[^"]*"|[^\s;"]+)/gi, '');
    if (fix) repaired = replaceContentType(repaired, `${type}${params}; charset="${fix}"`, eol);
  }
  finish();
}

/** The message with repaired Content-Type fields, or the same buffer when nothing needed repair. */
export function repairMime(bytes: Buffer): Buffer {
  const source = bytes.toString('latin1');
  const edits: Edit[] = [];
  walk(source, 0, source.length, edits, 0);
  if (!edits.length) return bytes;
  let out = '';
  let at = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return Buffer.from(out + source.slice(at), 'latin1');
}

/**
 * The charset raw 8-bit bytes in the top-level header block were written in: the one the top-level
 * part declares (not a charset found anywhere in the message), else as detected over all of them.
 */
export function topLevelCharset(bytes: Buffer): string | null {
  const source = bytes.toString('latin1');
  const header = source.slice(0, splitHeader(source, 0, source.length).headerEnd);
  const declared = contentTypeOf(header)?.charset;
  if (declared && knownCharset(declared)) return declared;
  const eightBit = header.split(/\r?\n/).filter((line) => /[\x80-\xff]/.test(line)).map((line) => line.slice(line.indexOf(':') + 1));
  return eightBit.length ? detectCharset(Buffer.from(eightBit.join(' '), 'latin1')) : null;
}

/**
 * Where an inline HTML part stands outside any multipart/alternative: mailparser then leaves it out
 * of its text (the text parts only), so the body's text is both, in this order. Null when every
 * HTML part is the alternative of a text part.
 */
export function standaloneHtml(bytes: Buffer): 'before-text' | 'after-text' | null {
  const source = bytes.toString('latin1');
  let textSeen = false;
  const visit = (start: number, end: number, inAlternative: boolean, depth: number): 'before-text' | 'after-text' | null => {
    const { headerEnd, bodyStart } = splitHeader(source, start, end);
    const header = source.slice(start, headerEnd);
    const contentType = contentTypeOf(header);
    const type = contentType?.type || 'text/plain';
    if (type.startsWith('multipart/')) {
      const found = contentType?.boundary ? delimiters(source, bodyStart, end, contentType.boundary) : [];
      const alternative = inAlternative || type === 'multipart/alternative';
      for (let index = 0; index < found.length && depth < 64; index++) {
        if (found[index].close) break;
        const result = visit(found[index].next, index + 1 < found.length ? found[index + 1].at : end, alternative, depth + 1);
        if (result) return result;
      }
      return null;
    }
    if (/^content-disposition[ \t]*:[ \t]*attachment/im.test(header)) return null;
    if (type === 'text/html' && !inAlternative && depth > 0) return textSeen ? 'after-text' : 'before-text';
    if (type === 'text/plain' || type === 'message/delivery-status') textSeen = true;
    return null;
  };
  return visit(0, source.length, false, 0);
}
