/** One result of an Authentication-Results header (RFC 8601), e.g. `dmarc=fail (p=reject) header.from=example.org`. */
export interface AuthResult {
  authservId: string;
  method: string;
  result: string;
  /** `header.from`, `header.d`, `smtp.mailfrom`, `policy.dmarc`, `reason`, … (keys lower-cased). */
  props: Record<string, string>;
  /** Comments of this result, joined (DMARC policies often appear only there: `(p=REJECT sp=NONE)`). */
  comment: string;
}

export interface AuthenticationResultsHeader {
  /** Empty when the header has none (Exchange Online writes it so, against RFC 8601). */
  authservId: string;
  results: AuthResult[];
}

/**
 * Stands in INTAKE_TRUSTED_AUTHSERV_IDS for Exchange Online, whose header has no authserv-id: then
 * only the topmost Authentication-Results header of the message counts, and only without an id.
 */
export const EXCHANGE_ONLINE = 'exchange-online';

const RESINFO = /^\s*([a-z0-9_-]+)(?:\s*\/\s*\d+)?\s*=\s*([a-z0-9_-]+)\s*/i;
const PROP = /^\s*([a-z0-9_-]+(?:\s*\.\s*[a-z0-9_:-]+)?)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]*)\s*/i;

/** Splits the payload on `;` outside quoted strings and comments, keeping each part's comments apart. */
function segments(value: string): { text: string; comment: string }[] {
  const parts: { text: string; comment: string }[] = [];
  let text = '';
  let comment = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '\\' && (quoted || depth > 0) && i + 1 < value.length) {
      if (depth > 0) comment += value[++i];
      else text += char + value[++i];
      continue;
    }
    if (depth > 0) {
      if (char === '(') depth++;
      else if (char === ')') depth--;
      comment += depth > 0 ? char : ' ';
      continue;
    }
    if (quoted) {
      if (char === '"') quoted = false;
      text += char;
      continue;
    }
    if (char === '"') {
      quoted = true;
      text += char;
    } else if (char === '(') {
      depth = 1;
      text += ' ';
    } else if (char === ';') {
      parts.push({ text, comment: comment.trim() });
      text = '';
      comment = '';
    } else {
      text += char;
    }
  }
  parts.push({ text, comment: comment.trim() });
  return parts;
}

const unquote = (value: string) => (value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value);

/** Parses one Authentication-Results value; null when it is empty. */
export function parseAuthenticationResults(value: string): AuthenticationResultsHeader | null {
  const parts = segments(value.replace(/\r?\n[ \t]*/g, ' '));
  const first = parts[0].text.trim().split(/\s+/)[0] ?? '';
  if (!first) return null;
  // `spf=pass …` where the authserv-id belongs: no id, and the first part is already a result.
  const unnamed = RESINFO.test(parts[0].text) && !first.startsWith('"');
  const authservId = unnamed ? '' : unquote(first).toLowerCase();
  const results: AuthResult[] = [];
  for (const part of unnamed ? parts : parts.slice(1)) {
    const match = RESINFO.exec(part.text);
    if (!match) continue; // `none`, or something we cannot read: it vouches for nothing
    const props: Record<string, string> = {};
    let remaining = part.text.slice(match[0].length);
    for (let prop = PROP.exec(remaining); prop && remaining; prop = PROP.exec(remaining)) {
      props[prop[1].replace(/\s+/g, '').toLowerCase()] = unquote(prop[2]);
      remaining = remaining.slice(prop[0].length);
      if (!prop[0].length) break;
    }
    results.push({ authservId, method: match[1].toLowerCase(), result: match[2].toLowerCase(), props, comment: part.comment });
  }
  return { authservId, results };
}

/**
 * The results a trusted receiving server added: the topmost Authentication-Results header whose
 * authserv-id is trusted, plus the trusted ones directly below it (one server adding one header
 * per check). Anything further down, or under another authserv-id, came with the message and
 * vouches for nothing. Null when no trusted header is present.
 * `headers` are in message order (top first), names lower-cased.
 */
export function trustedAuthenticationResults(headers: readonly (readonly [string, string])[], trustedIds: readonly string[]): AuthResult[] | null {
  if (!trustedIds.length) return null;
  const trusted = new Set(trustedIds.map((id) => id.toLowerCase()));
  if (trusted.has(EXCHANGE_ONLINE)) {
    const topmost = headers.find(([name]) => name === 'authentication-results');
    const header = topmost ? parseAuthenticationResults(topmost[1]) : null;
    if (header && header.authservId === '') return header.results.map((result) => ({ ...result, authservId: EXCHANGE_ONLINE }));
  }
  trusted.delete('');
  const start = headers.findIndex(([name, value]) => name === 'authentication-results' && trusted.has(parseAuthenticationResults(value)?.authservId ?? ''));
  if (start < 0) return null;
  const results: AuthResult[] = [];
  for (let i = start; i < headers.length && headers[i][0] === 'authentication-results'; i++) {
    const header = parseAuthenticationResults(headers[i][1]);
    if (!header || !trusted.has(header.authservId)) break;
    results.push(...header.results);
  }
  return results;
}
