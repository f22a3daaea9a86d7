import type { HttpResponse } from './http-client.js';

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased (`httponly`, `samesite`, ...), with their value or `true` for flags. */
  attributes: Record<string, string | true>;
}

/** The Set-Cookie headers of a response, parsed. */
export function setCookies(response: HttpResponse): SetCookie[] {
  return response.headers.getSetCookie().map((header) => {
    const [pair, ...parts] = header.split(';').map((part) => part.trim());
    const index = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const part of parts) {
      const equals = part.indexOf('=');
      if (equals === -1) attributes[part.toLowerCase()] = true;
      else attributes[part.slice(0, equals).toLowerCase()] = part.slice(equals + 1);
    }
    return { name: pair.slice(0, index), value: pair.slice(index + 1), attributes };
  });
}

/** The one Set-Cookie header for `name`; fails the test when there is none or more than one. */
export function setCookie(response: HttpResponse, name: string): SetCookie {
  const matches = setCookies(response).filter((cookie) => cookie.name === name);
  expect(matches).toHaveLength(1);
  return matches[0];
}
