import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// RFC 5322 caps a line at 998 characters; an id longer than that is not one.
const MAX_ID_LENGTH = 998;
// oxlint-disable-next-line no-control-regex -- control characters are what this must find
const INVALID_ID_CHARACTERS = /[\u0000-\u001F\u007F<>\s]/u;
const SIGNED_PREFIX = 'nd';
const MAC_LENGTH = 10;
// Lower-case only: some mail systems do not keep the case of a Message-ID.
const SIGNED_ID = /^nd\.([a-z0-9-]{1,64})\.([a-z2-7]{10})@(.+)$/;
const CALLER_ID = /^[a-z0-9-]{1,64}$/;

/** "<Abc@Example.ORG>" → "Abc@example.org": no brackets or whitespace, domain lower-cased; null if not an id. */
export function normaliseMessageId(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let id = raw;
  const open = id.indexOf('<');
  if (open >= 0) {
    const close = id.indexOf('>', open + 1);
    id = id.slice(open + 1, close < 0 ? undefined : close);
  } else {
    id = id.replace(/\([^()]*\)/g, ''); // RFC 5322 comments
  }
  id = id.replace(/\s+/gu, '');
  if (id === '' || id.length > MAX_ID_LENGTH || INVALID_ID_CHARACTERS.test(id)) return null;
  const at = id.lastIndexOf('@');
  if (at === 0 || at === id.length - 1) return null;
  return at < 0 ? id : id.slice(0, at) + id.slice(at).toLowerCase();
}

/** The ids of a References or In-Reply-To header (or several), normalised, without repeats, in order. */
export function parseMessageIdList(raw: string | string[] | null | undefined): string[] {
  const values = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    // Bracketed ids; without brackets, whitespace- or comma-separated tokens that look like ids.
    const tokens = value.includes('<')
      ? [...value.matchAll(/<([^<>]*)>/g)].map((m) => m[1])
      : value.split(/[\s,]+/).filter((token) => token.includes('@'));
    for (const token of tokens) {
      const id = normaliseMessageId(token);
      if (id !== null && !seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    }
  }
  return ids;
}

/**
 * A Message-ID for our outbound mail, `<nd.<unique>.<mac>@domain>`, that replies can be threaded
 * by and that nobody without `key` can forge. `id` (lower-case letters, digits, "-") makes it
 * deterministic, e.g. from an outbox row, so a retried send carries the same id.
 */
export function signedMessageId(key: Buffer, domain: string, id?: string): string {
  assertKey(key);
  const unique = id ?? base32(randomBytes(15));
  if (!CALLER_ID.test(unique)) throw new Error('signedMessageId: id must be 1-64 lower-case letters, digits or "-"');
  const host = domain.trim().toLowerCase();
  if (host === '' || /[\s<>@]/.test(host)) throw new Error('signedMessageId: invalid domain');
  return `<${SIGNED_PREFIX}.${unique}.${mac(key, unique, host)}@${host}>`;
}

/** True only for an id made by signedMessageId with this key and domain. */
export function isOurSignedMessageId(key: Buffer, domain: string, normalisedId: string): boolean {
  assertKey(key);
  const match = SIGNED_ID.exec(normalisedId.toLowerCase());
  if (!match) return false;
  const [, unique, givenMac, host] = match;
  if (host !== domain.trim().toLowerCase()) return false;
  const expected = Buffer.from(mac(key, unique, host), 'ascii');
  const given = Buffer.from(givenMac, 'ascii');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// The MAC binds the unique part to the domain, so an id cannot be moved to another domain.
function mac(key: Buffer, unique: string, host: string): string {
  return base32(createHmac('sha256', key).update(`${SIGNED_PREFIX}.${unique}@${host}`).digest()).slice(0, MAC_LENGTH);
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length < 16) throw new Error('Message-ID signing key must be at least 16 bytes');
}

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

// Headers the sender's system wrote. Trace and filtering headers (Received, Return-Path,
// Delivered-To, Authentication-Results, X-Spam-*…) differ with the door a mail came through.
const STABLE_HEADERS = ['from', 'sender', 'to', 'cc', 'subject', 'date', 'in-reply-to', 'references', 'mime-version', 'content-type'];

/**
 * A stable stand-in for a missing Message-ID, `sha256-<hex>@hash.invalid`, computed from the
 * sender-written headers and the body with line endings and trailing whitespace normalised,
 * so the same mail gets the same id whether it came by SMTP, IMAP or a webhook.
 */
export function hashMessageId(bytes: Buffer): string {
  // latin1 maps every byte to one character and back, so no byte is lost or merged.
  const text = bytes.toString('latin1').replace(/\r\n?/g, '\n');
  const split = text.search(/\n\n/);
  const headerBlock = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 2);
  const looksLikeHeaders = /^[!-9;-~]+:/.test(headerBlock);

  const headers = looksLikeHeaders ? unfoldHeaders(headerBlock) : [];
  const stable = STABLE_HEADERS.flatMap((name) => headers.filter((h) => h.name === name).map((h) => `${name}:${h.value}`));
  const normalisedBody = (looksLikeHeaders ? body : text).replace(/[ \t]+$/gm, '').replace(/\n+$/, '');

  const hash = createHash('sha256');
  hash.update(Buffer.from(stable.join('\n'), 'latin1'));
  hash.update('\n\n');
  hash.update(Buffer.from(normalisedBody, 'latin1'));
  return `sha256-${hash.digest('hex')}@hash.invalid`;
}

function unfoldHeaders(block: string): Array<{ name: string; value: string }> {
  const headers: Array<{ name: string; value: string }> = [];
  for (const line of block.split('\n')) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1].value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  for (const header of headers) header.value = header.value.replace(/\s+/g, ' ').trim();
  return headers;
}
