import type { Location } from 'react-router';

const ORIGIN_PROBE = 'https://newsdesk.invalid';

/**
 * The `next` target after sign-in, if it is a path on this site. Anything else (absolute URLs,
 * protocol-relative `//host`, backslashes, control characters) falls back to the queue.
 */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return '/';
  // Browsers read `\` as `/` and drop tabs and newlines, so `/\host` or `/\t/host` leave the site.
  // oxlint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  const url = new URL(next, ORIGIN_PROBE);
  if (url.origin !== ORIGIN_PROBE || url.pathname === '/signin') return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in address that brings the user back to `location` afterwards. */
export function signInPath(location: Pick<Location, 'pathname' | 'search' | 'hash'>): string {
  const next = `${location.pathname}${location.search}${location.hash}`;
  return `/signin?next=${encodeURIComponent(next)}`;
}
