/**
 * Charsets of mail text that does not say (or lies about) its own: detection of undeclared 8-bit
 * bytes, repair of text that was decoded with the wrong charset once already, and the last guard
 * that keeps replacement characters and C1 controls out of every stored text field.
 */
import { analyse } from 'chardet';
import iconv from 'iconv-lite';

// ISO-2022-JP is 7-bit: its escape sequences are the only sign of it.
// oxlint-disable-next-line no-control-regex -- ESC is what announces the encoding
const ISO_2022_JP = /\x1b(?:\$[@B]|\$\(D|\(J|\(I)/;
const MULTIBYTE = new Set(['shift_jis', 'gb18030', 'big5', 'euc-jp', 'euc-kr']);
// Below this chardet is guessing among single-byte charsets; Windows-1252 is what clients then assume.
const MIN_CONFIDENCE = 50;

const SAMPLE_BYTES = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const hasEightBit = (bytes: Uint8Array): boolean => bytes.some((byte) => byte >= 0x80);

/** True when the charset can be decoded here (libmime adds ISO-2022-JP to what iconv-lite knows). */
export function knownCharset(charset: string): boolean {
  return /^iso-?2022-?jp/i.test(charset) || iconv.encodingExists(charset);
}

/**
 * The charset undeclared text was most likely written in, or null for plain ASCII (nothing to
 * decide). Valid UTF-8 wins (8-bit legacy text is almost never valid UTF-8 by chance).
 */
export function detectCharset(bytes: Uint8Array): string | null {
  if (!hasEightBit(bytes)) {
    const text = Buffer.from(bytes).toString('latin1');
    // ISO-2022-KR and -CN are left alone: nothing here decodes them, and they are all but extinct.
    return ISO_2022_JP.test(text) ? 'ISO-2022-JP' : null;
  }
  if (isUtf8(bytes)) return 'UTF-8';
  // A sample is enough to tell charsets apart, and keeps a 10 MB body from costing seconds.
  const sample = Buffer.from(bytes.subarray(0, SAMPLE_BYTES));
  for (const candidate of analyse(sample)) {
    const name = candidate.name.toLowerCase();
    if (candidate.confidence < MIN_CONFIDENCE) break;
    if (name.startsWith('utf-') || name.startsWith('iso-2022') || !iconv.encodingExists(name)) continue;
    if (MULTIBYTE.has(name) && iconv.decode(sample, name).slice(0, -2).includes('\uFFFD')) continue;
    return candidate.name;
  }
  return 'windows-1252';
}

/** Raw 8-bit bytes as text: valid UTF-8 as such, else the declared charset when known, else detected. */
export function decodeEightBit(bytes: Buffer, declared: string | null): string {
  if (isUtf8(bytes)) return repairMojibake(bytes.toString('utf8'), declared);
  const charset = declared && !/^(?:us-)?ascii$|^utf-?8$/i.test(declared) && iconv.encodingExists(declared) ? declared : detectCharset(bytes);
  return iconv.decode(bytes, charset && iconv.encodingExists(charset) ? charset : 'windows-1252');
}

// oxlint-disable-next-line no-control-regex -- C1 controls are the mark of text decoded as Latin-1
const C1 = /[\u0080-\u009F]/;
const BEYOND_LATIN1 = /[\u0100-\u{10FFFF}]/u;
const EIGHT_BIT_TEXT = /[\u0080-\u00FF]/;

const UNICODE_OR_LATIN1 = /^(?:utf-?8|(?:us-)?ascii|iso-8859-1|latin-?1)$/i;

/**
 * Text that reached us already decoded as Latin-1 from another charset (8-bit bytes re-encoded as
 * UTF-8 by a relay): it carries C1 controls, which no writer types, or Latin-1 letters its own
 * declared charset cannot even encode (an "é" in a Big5 message). The original bytes are
 * recovered and decoded as what they were. Anything else is returned unchanged.
 */
export function repairMojibake(text: string, declared: string | null): string {
  if (BEYOND_LATIN1.test(text) || !EIGHT_BIT_TEXT.test(text)) return text;
  const legacy = declared && !UNICODE_OR_LATIN1.test(declared) && iconv.encodingExists(declared) ? declared : null;
  // Words of mojibake from a multibyte charset are mostly 8-bit characters; "Café" or "Grüße" are not.
  const words = text.match(/[^\s<>"]*[\u0080-\u00FF][^\s<>"]*/g) ?? [];
  const dense = (text.match(/[\u0080-\u00FF]/g)?.length ?? 0) > 0.5 * words.join('').length;
  const foreign = legacy !== null && dense && iconv.decode(iconv.encode(text, legacy), legacy) !== text;
  if (!C1.test(text) && !foreign) return text;
  const bytes = Buffer.from(text, 'latin1');
  const charset = legacy ?? detectCharset(bytes);
  if (!charset || UNICODE_OR_LATIN1.test(charset) || !iconv.encodingExists(charset)) return text;
  const decoded = iconv.decode(bytes, charset);
  return decoded.includes('\uFFFD') ? text : decoded;
}

// Windows-1252 for 0x80-0x9F: what every mail client shows for C1 bytes labelled Latin-1.
const CP1252_C1 = iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, index) => 0x80 + index)), 'windows-1252');

/**
 * The last guard for a stored text field: NUL removed (PostgreSQL text cannot hold it), C1 controls
 * shown as Windows-1252 (or dropped where it has no character), replacement characters dropped.
 */
export function cleanText(value: string): string;
export function cleanText(value: string | null): string | null;
export function cleanText(value: string | null): string | null {
  if (value == null) return null;
  // oxlint-disable-next-line no-control-regex -- NUL and C1 controls are what this removes
  return value.replace(/[\u0000\uFFFD]/g, '').replace(/[\u0080-\u009F]/g, (c) => {
    const mapped = CP1252_C1[c.charCodeAt(0) - 0x80];
    return mapped === '\uFFFD' || C1.test(mapped) ? '' : mapped;
  });
}
