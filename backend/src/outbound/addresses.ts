/**
 * Strict recipient addresses for outbound mail: plain `local@domain`, ASCII only, no quoted
 * local parts, comments, route syntax, whitespace or control characters. Anything cleverer
 * (`"a@x.org x"@internal.example`, `a@x.org(comment)`, IDN look-alikes) is refused rather than
 * interpreted, so a crafted address can never redirect a reply.
 */
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export type AddressCheck = { ok: true; address: string } | { ok: false; reason: string };

export function checkAddress(raw: string): AddressCheck {
  const value = raw.trim();
  // oxlint-disable-next-line no-control-regex -- control characters are what we refuse
  if (/[\u0000-\u001f\u007f]/.test(value)) return { ok: false, reason: 'contains control characters (line breaks are not allowed)' };
  if (/[^\x20-\x7e]/.test(value)) return { ok: false, reason: 'contains non-ASCII characters; use the punycode (xn--) form of international domains' };
  if (value.length > 254) return { ok: false, reason: 'is longer than 254 characters' };
  if (value.includes('"')) return { ok: false, reason: 'uses quotes (a quoted local part), which we do not send to' };
  if (/[()]/.test(value)) return { ok: false, reason: 'contains a comment in parentheses' };
  if (/[<>]/.test(value)) return { ok: false, reason: 'contains angle brackets; give the bare address' };
  if (/[,;]/.test(value)) return { ok: false, reason: 'contains more than one address; give each address on its own' };
  if (/\s/.test(value)) return { ok: false, reason: 'contains spaces' };
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.indexOf('@') !== at) return { ok: false, reason: 'must contain exactly one @ with a local part before it' };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL.test(local)) return { ok: false, reason: 'has a local part with quotes, spaces, comments or other characters we do not send to' };
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels.at(-1)!)) {
    return { ok: false, reason: 'does not have a valid domain name' };
  }
  return { ok: true, address: `${local}@${domain}` };
}

/** A display name safe for a header: no control characters, collapsed whitespace, bounded length. */
export function safeDisplayName(name: string | null | undefined): string | null {
  // oxlint-disable-next-line no-control-regex -- control characters are what we strip
  const cleaned = (name ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return cleaned || null;
}

/** A subject safe for a header: one line. */
export function safeSubject(subject: string): string {
  // oxlint-disable-next-line no-control-regex -- control characters are what we strip
  return subject.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 900);
}
