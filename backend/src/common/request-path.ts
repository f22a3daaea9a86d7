/**
 * The path a request really addresses: query cut off, percent-decoded as the router decodes it,
 * repeated slashes collapsed, lower-cased. Header decisions are made on this, never on the raw URL,
 * so `/%61pi/…`, `/API/…` or `//api/…` cannot dodge them.
 */
export function normalisedPath(url: string): string {
  const raw = url.split(/[?#]/, 1)[0];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: the router refuses it too; judge the raw text.
  }
  return decoded.replace(/\/{2,}/g, '/').toLowerCase();
}

/** Whether a request addresses the API (or something dressed up as it). */
export function isApiPath(url: string): boolean {
  const path = normalisedPath(url);
  return path === '/api' || path.startsWith('/api/');
}
