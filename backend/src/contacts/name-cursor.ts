import { BadRequestException } from '@nestjs/common';
import { isUuid } from '../common/ids.js';

/** Keyset position in a list sorted by a lower-cased name, then id. */
export interface NameCursor {
  key: string;
  id: string;
}

export function encodeNameCursor(cursor: NameCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

export function decodeNameCursor(raw: string): NameCursor {
  try {
    const [key, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof key === 'string' && typeof id === 'string' && isUuid(id)) return { key, id };
  } catch {
    // fall through to the readable error below
  }
  throw new BadRequestException('cursor is not valid: pass back the nextCursor of the previous page');
}

/** `q` for ILIKE: its own % and _ match literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}
