import pg from 'pg';
import { isoTimestamp } from './iso-timestamps.js';

const pgParse = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ);
/** What the queue page answered before: pg's Date, written out by toISOString. */
const viaDate = (text: string) => (pgParse(text) as Date).toISOString();

describe('isoTimestamp', () => {
  it('gives exactly the ISO text of pg\'s own Date for every fraction length and awkward float', () => {
    const fractions = ['', '.1', '.12', '.123', '.029', '.0295', '.001', '.000001', '.999999', '.9995', '.5', '.057', '.123456', '.58', '.0001'];
    for (const day of ['2026-12-07', '1970-01-01', '2000-02-29', '9999-12-31', '1000-01-01']) {
      for (const time of ['00:00:00', '04:10:02', '23:59:59']) {
        for (const fraction of fractions) {
          const text = `${day} ${time}${fraction}+00`;
          expect(isoTimestamp(text)).toBe(viaDate(text));
        }
      }
    }
  });

  it('agrees with pg on microsecond fractions spread over one second', () => {
    const disagreements: string[] = [];
    for (let micros = 0; micros < 1_000_000; micros += 13) {
      // PostgreSQL writes no trailing zeros (…56.12+00).
      const text = `2026-12-07 12:34:56.${String(micros).padStart(6, '0').replace(/0+$/, '') || '0'}+00`;
      if (isoTimestamp(text) !== viaDate(text)) disagreements.push(text);
    }
    expect(disagreements).toEqual([]);
  });

  it('falls back to pg for other offsets, early years and BC, and keeps infinity as text', () => {
    for (const text of ['2026-12-07 05:10:02.5+01', '2026-12-07 00:10:02-05:30', '0099-01-01 00:00:00+00', '0999-06-01 12:00:00.25+00', '2000-01-01 00:00:00+00 BC']) {
      expect(isoTimestamp(text)).toBe(viaDate(text));
    }
    expect(isoTimestamp('infinity')).toBe('infinity');
    expect(isoTimestamp('-infinity')).toBe('-infinity');
  });
});
