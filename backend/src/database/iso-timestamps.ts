import pg from 'pg';

/** timestamptz as PostgreSQL writes it in a UTC session, to the millisecond as Date keeps it: `2026-12-07 04:10:02.123456+00`. */
const UTC_TIMESTAMP = /^([1-9]\d{3}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d{1,6})?\+00$/;
const TIMESTAMPTZ = pg.types.builtins.TIMESTAMPTZ;
const parseDate = pg.types.getTypeParser(TIMESTAMPTZ);

/**
 * A timestamptz column's text straight to the ISO string `Date.toISOString()` would give for pg's
 * own parse of it (same millisecond truncation), without building a Date: the queue page only
 * writes its timestamps back out. Other offsets and years fall back to pg's parser; ±infinity stays text.
 */
export function isoTimestamp(text: string): string {
  const match = UTC_TIMESTAMP.exec(text);
  if (match) {
    // pg's parser takes the fraction as 1000 * parseFloat(…) and Date truncates it: the same arithmetic, the same digits.
    const ms = match[3] ? Math.trunc(1000 * parseFloat(match[3])) : 0;
    return `${match[1]}T${match[2]}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
  }
  if (text === 'infinity' || text === '-infinity') return text;
  return (parseDate(text) as Date).toISOString();
}

/** pg's type parsers with timestamptz read by isoTimestamp, for a query whose rows carry ISO text instead of Dates. */
export const ISO_TIMESTAMP_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ && format !== 'binary' ? isoTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
