/** What the origin check needs to know about a request (a FastifyRequest fits). */
export interface OriginFacts {
  headers: Record<string, string | string[] | undefined>;
  /** The Host the request was addressed to (X-Forwarded-Host when proxies are trusted). */
  host: string;
}

function header(facts: OriginFacts, name: string): string | undefined {
  const value = facts.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function hostOf(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * Why a browser-made write must be refused, or null when it may go on. Browsers label every request
 * with where it came from; another site's page (or a sandboxed frame, Origin "null") is refused
 * even when it carries our cookie. Clients that send neither header (scripts, curl) still need the
 * CSRF token or a bearer token. With PUBLIC_URL set the Origin must be exactly that origin; without
 * it, the host the request was addressed to (what the Vite dev proxy forwards unchanged).
 */
export function originRefusal(facts: OriginFacts, publicOrigin: string | null): string | null {
  const site = header(facts, 'sec-fetch-site')?.trim().toLowerCase();
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `Refused: this request came from another site (Sec-Fetch-Site: ${site.slice(0, 20)}); use the dashboard itself`;
  }
  const origin = header(facts, 'origin')?.trim();
  if (origin === undefined) return null;
  const allowed = publicOrigin ? new URL(publicOrigin).origin : null;
  const sameOrigin = allowed ? origin.toLowerCase() === allowed.toLowerCase() : hostOf(origin) === facts.host.toLowerCase();
  if (!sameOrigin) {
    return `Refused: this request came from another origin (${origin.slice(0, 100)}); the dashboard must be used at ${allowed ?? 'its own address'}`;
  }
  return null;
}
