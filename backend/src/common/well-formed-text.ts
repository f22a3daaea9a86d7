// With the u flag a proper pair is one code point, so this matches only a surrogate standing alone.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;

/**
 * Finds the first string (key or value) holding an unpaired UTF-16 surrogate, which JSON's `\ud800` escape
 * can carry but PostgreSQL cannot store; returns where it is (`name`, `items[2].text`) or null.
 */
export function findUnpairedSurrogate(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path || '(the whole value)' : null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findUnpairedSurrogate(value[index], `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key.replace(LONE_SURROGATES, '\uFFFD')}` : key.replace(LONE_SURROGATES, '\uFFFD');
      if (LONE_SURROGATE.test(key)) return `the name of ${at}`;
      const found = findUnpairedSurrogate(item, at);
      if (found) return found;
    }
  }
  return null;
}

/** The 400 message for text found by findUnpairedSurrogate. */
export function unpairedSurrogateMessage(where: string, part: 'body' | 'query'): string {
  return `text contains an unpaired UTF-16 surrogate at ${where} (in the request ${part}); send well-formed Unicode text`;
}
