import { BadRequestException } from '@nestjs/common';
import type { ErrorCode } from '@newsdesk/shared';
import { isUuid } from './ids.js';

/**
 * The one keyset-cursor codec every paged list uses. A cursor is base64url JSON `[version, list, ...values]`:
 * the version lets the format change without misreading old cursors, the list name keeps one list's cursor
 * out of another, and every value is checked against its declared kind before it reaches SQL.
 */
const CURSOR_VERSION = 1;

/** `timestamp`: ISO 8601 or PostgreSQL's text form; `sortTimestamp` also takes `infinity` (undated rows sort last). */
export type CursorField = 'uuid' | 'timestamp' | 'sortTimestamp' | 'text' | 'number';

type FieldValue<F extends CursorField> = F extends 'number' ? number : string;
export type CursorValues<F extends readonly CursorField[]> = { -readonly [K in keyof F]: F[K] extends CursorField ? FieldValue<F[K]> : never };

export interface CursorCodec<F extends readonly CursorField[]> {
  encode(values: CursorValues<F>): string;
  /** The values, or a 400 with the stable code `invalid_cursor`. */
  decode(raw: string): CursorValues<F>;
}

export const INVALID_CURSOR_MESSAGE = 'cursor is not valid: pass back the nextCursor of the previous page';

export function invalidCursor(): BadRequestException {
  return new BadRequestException({ message: INVALID_CURSOR_MESSAGE, code: 'invalid_cursor' satisfies ErrorCode });
}

const TIMESTAMP = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;

function isTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // The pattern allows 31 days in every month; a 30 February would reach PostgreSQL as an error.
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

const CHECKS: Record<CursorField, (value: unknown) => boolean> = {
  uuid: (value) => typeof value === 'string' && isUuid(value),
  timestamp: (value) => typeof value === 'string' && isTimestamp(value),
  sortTimestamp: (value) => typeof value === 'string' && (value === 'infinity' || isTimestamp(value)),
  text: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
};

function isValues<F extends readonly CursorField[]>(fields: F, values: unknown[]): values is CursorValues<F> {
  return values.length === fields.length && fields.every((field, index) => CHECKS[field](values[index]));
}

/** A codec for one list's cursors: `cursorCodec('tickets', ['sortTimestamp', 'uuid'])`. */
export function cursorCodec<const F extends readonly CursorField[]>(list: string, fields: F): CursorCodec<F> {
  return {
    encode: (values) => Buffer.from(JSON.stringify([CURSOR_VERSION, list, ...values])).toString('base64url'),
    decode: (raw) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
      } catch {
        throw invalidCursor();
      }
      if (!Array.isArray(parsed) || parsed[0] !== CURSOR_VERSION || parsed[1] !== list) throw invalidCursor();
      const values: unknown[] = parsed.slice(2);
      if (!isValues(fields, values)) throw invalidCursor();
      return values;
    },
  };
}
