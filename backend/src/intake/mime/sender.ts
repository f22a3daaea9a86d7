/**
 * Who sent a mail, from its raw header values: the first From: that holds a valid mailbox, else
 * Reply-To:, else Sender: (the pipeline falls back to the envelope sender last). Structure is read
 * before encoded words are decoded, so "=?utf-8?q?Dupont=2C_Jean?=" stays one name; each is decoded once.
 */
import iconv from 'iconv-lite';
import type { AddressDto, SenderSource } from '@newsdesk/shared';
import type { ParsedMail } from './parsed-mail.js';

export interface SenderChoice {
  from: AddressDto | null;
  source: Exclude<SenderSource, 'envelope'> | null;
  /** Other From: header values (decoded), kept because the message did not agree with itself. */
  otherFrom: string[];
}

// Dot-atom or quoted local part; domain labels of letters (any script), digits and hyphens, at least two.
const MAILBOX = /^(?:[^\s@<>()",;:\\[\]]+|"[^"\\\r\n]+")@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u;
// Sendmail's bounces come "From: Mail Delivery Subsystem <MAILER-DAEMON>", with no domain; bounce recognition needs them.
const SYSTEM_SENDER = /^(?:mailer-daemon|postmaster)$/i;
const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

export function isMailbox(address: string): boolean {
  // An encoded word is never part of an address: "=?utf-8?q?Jean?=jean@…" is a name run into one.
  return address.length <= 320 && MAILBOX.test(address) && !address.includes('..') && !address.includes('=?') && !/^\.|\.@/.test(address);
}

function decodeWord(charset: string, encoding: string, text: string): string | null {
  // RFC 2231 adds "*language" to the charset.
  const name = charset.split('*')[0].toLowerCase();
  const bytes =
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  // ICU's decoders know ISO-2022-JP and the other stateful charsets iconv-lite lacks.
  try {
    return new TextDecoder(name).decode(bytes);
  } catch {
    return iconv.encodingExists(name) ? iconv.decode(bytes, name) : null;
  }
}

/** RFC 2047 encoded words, decoded once; whitespace between adjacent encoded words is dropped. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)/g, '$1')
    .replace(ENCODED_WORD, (word, charset: string, encoding: string, text: string) => decodeWord(charset, encoding, text) ?? word);
}

interface Token {
  kind: 'text' | 'quoted' | 'comment' | 'angle' | 'comma';
  value: string;
}

/** Splits a header value into quoted strings, comments, angle addresses, commas and plain text. */
function tokenise(value: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  const flush = () => {
    if (text) tokens.push({ kind: 'text', value: text });
    text = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') {
      flush();
      let quoted = '';
      for (i++; i < value.length && value[i] !== '"'; i++) quoted += value[i] === '\\' && i + 1 < value.length ? value[++i] : value[i];
      tokens.push({ kind: 'quoted', value: quoted });
    } else if (c === '(') {
      flush();
      let depth = 1;
      let comment = '';
      for (i++; i < value.length && depth > 0; i++) {
        if (value[i] === '\\' && i + 1 < value.length) comment += value[++i];
        else if (value[i] === '(') {
          depth++;
          comment += '(';
        } else if (value[i] === ')') {
          depth--;
          // Nested parentheses are the comment's text; the outermost pair only delimits it.
          if (depth > 0) comment += ')';
        } else comment += value[i];
      }
      i--;
      tokens.push({ kind: 'comment', value: comment });
    } else if (c === '<') {
      flush();
      const end = value.indexOf('>', i);
      const inner = end < 0 ? value.slice(i + 1) : value.slice(i + 1, end);
      tokens.push({ kind: 'angle', value: inner });
      i = end < 0 ? value.length : end;
    } else if (c === ',') {
      flush();
      tokens.push({ kind: 'comma', value: ',' });
    } else text += c;
  }
  flush();
  return tokens;
}

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();

/** Comments and folding whitespace around an addr-spec's dots and @ are not part of it: "john . doe @ example.com". */
function addrSpec(tokens: Token[]): string {
  return tokens
    .filter((token) => token.kind === 'text' || token.kind === 'quoted')
    .map((token) => (token.kind === 'quoted' ? `"${token.value}"` : token.value))
    .join('')
    .replace(/\s*([.@])\s*/g, '$1')
    .trim();
}

function mailbox(tokens: Token[]): AddressDto | null {
  const angle = tokens.findIndex((token) => token.kind === 'angle');
  if (angle >= 0) {
    const address = tokenise(tokens[angle].value).filter((token) => token.kind !== 'comment').map((token) => token.value.replace(/\s+/g, '')).join('');
    if (!isMailbox(address) && !SYSTEM_SENDER.test(address)) return null;
    const phrase = tokens
      .slice(0, angle)
      .filter((token) => token.kind === 'text' || token.kind === 'quoted' || token.kind === 'comma')
      .map((token) => decodeEncodedWords(token.value))
      .join('');
    // "<mailer-daemon@…> (Mail Delivery System)": without a phrase, a comment after the address names it.
    const comment = tokens.slice(angle + 1).find((token) => token.kind === 'comment');
    return { name: squash(phrase) || (comment ? squash(decodeEncodedWords(comment.value)) : '') || null, address };
  }
  const spec = addrSpec(tokens);
  if (isMailbox(spec) || SYSTEM_SENDER.test(spec)) {
    // The old "address (Full Name)" convention: a comment after the address names its owner.
    const last = tokens[tokens.length - 1];
    const name = last?.kind === 'comment' ? squash(decodeEncodedWords(last.value)) : '';
    return { name: name || null, address: spec };
  }
  // A name before a bare address, without angle brackets: "Jean Dupont jean@…".
  const words = spec.split(/\s+/);
  const address = words.pop() ?? '';
  return words.length && isMailbox(address) ? { name: squash(decodeEncodedWords(words.join(' '))) || null, address } : null;
}

/** The first valid mailbox in an address list; an unquoted comma inside a display name does not split it. */
export function firstMailbox(value: string): AddressDto | null {
  // A group ("Press desk: jane@…;") lists its members after the colon.
  const group = /^\s*[^:<>"@,()]+:(.*?);?\s*$/.exec(value);
  const tokens = tokenise(group ? group[1] : value);
  let part: Token[] = [];
  for (let i = 0; i <= tokens.length; i++) {
    const token = tokens[i];
    if (token && token.kind !== 'comma') {
      part.push(token);
      continue;
    }
    // "Dupont, Jean <jean@…>": a part with neither an address nor an @ is the start of the next name.
    const bare = part.every((part) => part.kind !== 'angle' && !(part.kind === 'text' && part.value.includes('@')));
    if (token && bare && part.length > 0) {
      part.push(token);
      continue;
    }
    const found = part.length ? mailbox(part) : null;
    if (found) return found;
    part = [];
  }
  return null;
}

/** Raw header values, unfolded, in order of appearance: [lower-cased name, value bytes]. */
export function rawHeaderValues(bytes: Buffer, headerBlockLength: number): [string, Buffer][] {
  const block = bytes.subarray(0, headerBlockLength).toString('latin1');
  const out: [string, Buffer][] = [];
  for (const match of block.matchAll(/^([A-Za-z0-9-]+)[ \t]*:([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/gm)) {
    out.push([match[1].toLowerCase(), Buffer.from(match[2].replace(/\r?\n([ \t])/g, '$1').trim(), 'latin1')]);
  }
  return out;
}

/**
 * Picks the sender: the first From: value with a valid mailbox wins and the others are kept;
 * without one, Reply-To: and then Sender:. `decode` turns raw header bytes into text (charsets).
 */
export function chooseSender(headers: [string, Buffer][], decode: (raw: Buffer) => string): SenderChoice {
  const values = (name: string) => headers.filter(([key]) => key === name).map(([, raw]) => decode(raw));
  const froms = values('from');
  let from: AddressDto | null = null;
  const otherFrom: string[] = [];
  for (const value of froms) {
    // Some writers encode the whole "Name <address>" as one encoded word; read those after decoding.
    const found: AddressDto | null = from ? null : (firstMailbox(value) ?? firstMailbox(decodeEncodedWords(value)));
    if (found) from = found;
    else otherFrom.push(squash(decodeEncodedWords(value)).slice(0, 500));
  }
  // A single unusable From: is not "another" From; it is the reason for the fallback.
  const others = froms.length > 1 ? otherFrom : [];
  if (from) return { from, source: 'from', otherFrom: others };
  for (const [name, source] of [['reply-to', 'reply-to'], ['sender', 'sender']] as const) {
    for (const value of values(name)) {
      const found = firstMailbox(value);
      if (found) return { from: found, source, otherFrom: others };
    }
  }
  return { from: null, source: null, otherFrom: others };
}

/** Last resort for a mail whose headers name no usable sender: the SMTP envelope's MAIL FROM. */
export function withEnvelopeSender(parsed: ParsedMail, envelopeFrom: string | null): ParsedMail {
  if (parsed.from || !envelopeFrom || !isMailbox(envelopeFrom)) return parsed;
  return { ...parsed, from: { name: null, address: envelopeFrom }, senderSource: 'envelope' };
}
