const MAX_CHARACTERS = 200;
// Most filesystems cap a name at 255 bytes; 200 CJK characters would be 600.
const MAX_UTF8_BYTES = 255;
// An extension is kept on truncation only if it looks like one.
const EXTENSION = /\.[\p{L}\p{N}_-]{1,16}$/u;

// Bidi overrides/isolates and marks make "invoice\u202Efdp.exe" display as "invoiceexe.pdf".
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
// Invisible characters that hide parts of a name; ZWJ/ZWNJ stay, scripts and emoji need them.
const INVISIBLES = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF]/gu;
const LINE_BREAKS = /[\t\n\r\v\f\u0085\u2028\u2029]+/gu;
// oxlint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]/gu;
// Characters Windows refuses in names; ":" would also address an NTFS alternate data stream.
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const WINDOWS_RESERVED = /^(?:CON|PRN|AUX|NUL|CLOCK\$|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])$/i;

/**
 * Makes an attachment name from a mail safe to store, show and offer for download: no path,
 * no control or direction-changing characters, nothing Windows refuses, at most 200 characters
 * (keeping the extension). Returns `fallback` when nothing usable is left.
 */
export function safeFilename(name: string | undefined | null, fallback: string): string {
  if (typeof name !== 'string') return fallback;
  let result = name
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    .replace(INVISIBLES, '')
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROLS, '');

  // Only the last path component, whichever separator the sender's system uses.
  result = result.slice(Math.max(result.lastIndexOf('/'), result.lastIndexOf('\\')) + 1);

  result = result
    .replace(WINDOWS_FORBIDDEN, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+/u, '')
    .replace(/[\s.]+$/u, '');

  const stem = result.split('.')[0].trimEnd();
  if (WINDOWS_RESERVED.test(stem)) result = `_${result}`;

  result = truncate(result);
  return result === '' ? fallback : result;
}

function truncate(name: string): string {
  const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(name)].map((s) => s.segment);
  if (graphemes.length <= MAX_CHARACTERS && utf8Length(name) <= MAX_UTF8_BYTES) return name;

  const extension = EXTENSION.exec(name)?.[0] ?? '';
  const stem = graphemes.slice(0, graphemes.length - [...extension].length);
  let kept = Math.min(stem.length, MAX_CHARACTERS - [...extension].length);
  while (kept > 0 && utf8Length(stem.slice(0, kept).join('') + extension) > MAX_UTF8_BYTES) kept--;
  return (stem.slice(0, kept).join('').replace(/[\s.]+$/u, '') + extension).replace(/^[\s.]+/u, '');
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
