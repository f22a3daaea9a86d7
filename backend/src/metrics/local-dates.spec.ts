import { addDays, quarterStart, runs, splitIntoMonths, splitIntoPieces, weekStart } from './local-dates.js';

describe('local dates', () => {
  it('finds Monday and steps over month and year ends', () => {
    expect(weekStart('2026-03-29')).toBe('2026-03-23');
    expect(weekStart('2026-03-30')).toBe('2026-03-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('reads whole months from monthly rollups and the edges from daily ones', () => {
    const { months, days } = splitIntoMonths('2026-01-30', '2026-04-02');
    expect(months).toEqual(['2026-02-01', '2026-03-01']);
    expect(days).toEqual(['2026-01-30', '2026-01-31', '2026-04-01', '2026-04-02']);
    // The current month's rollup holds the closed days only: usable when the range ends on the last of them.
    expect(splitIntoMonths('2026-04-01', '2026-04-02', '2026-04-02')).toEqual({ months: ['2026-04-01'], days: [] });
  });

  it('reads whole months, then whole weeks among the edge days, then single days', () => {
    // 2025-12-06 is a Saturday: two days, three whole weeks, three days, then eleven months.
    const year = splitIntoPieces('2025-12-06', '2026-11-30', '2026-12-05', { months: true, weeks: true });
    expect(year.weeks).toEqual(['2025-12-08', '2025-12-15', '2025-12-22']);
    expect(year.days).toEqual(['2025-12-06', '2025-12-07', '2025-12-29', '2025-12-30', '2025-12-31']);
    expect(year.months).toHaveLength(11);
    // Weekly buckets: no months; a week crossing a month end is fine. Monthly buckets: weeks stay inside a month.
    expect(splitIntoPieces('2026-03-28', '2026-04-12', '2026-05-01', { months: false, weeks: true })).toEqual({
      quarters: [],
      months: [],
      weeks: ['2026-03-30', '2026-04-06'],
      days: ['2026-03-28', '2026-03-29'],
    });
    const monthly = splitIntoPieces('2026-03-28', '2026-04-12', '2026-05-01', { months: true, weeks: true, weeksWithinMonths: true });
    expect(monthly.weeks).toEqual(['2026-04-06']);
    expect(monthly.days).toEqual(['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05']);
    expect(splitIntoPieces('2026-03-02', '2026-03-08', '2026-05-01', { months: false, weeks: false }).days).toHaveLength(7);
  });

  it('reads whole quarters where all their months are, or all up to the current one when the range ends on the last closed day', () => {
    // Dec 2025 is a whole month alone; Q1-Q3 2026 whole; Oct and Nov 2026 whole months of an unfinished quarter.
    const year = splitIntoPieces('2025-12-01', '2026-11-30', '2026-12-05', { quarters: true, months: true, weeks: true });
    expect(year).toMatchObject({ quarters: ['2026-01-01', '2026-04-01', '2026-07-01'], months: ['2025-12-01', '2026-10-01', '2026-11-01'], days: [] });
    // To the last closed day: the current quarter's row holds its closed days, as its month rows do.
    expect(splitIntoPieces('2026-09-01', '2026-11-20', '2026-11-20', { quarters: true, months: true, weeks: true })).toMatchObject({
      quarters: ['2026-10-01'],
      months: ['2026-09-01'],
      days: [],
    });
    // Not to the last closed day: November is not whole, so neither is the fourth quarter.
    expect(splitIntoPieces('2026-10-01', '2026-11-20', '2026-12-05', { quarters: true, months: true, weeks: true })).toMatchObject({ quarters: [], months: ['2026-10-01'] });
    // A quarter starting before the range is not read.
    expect(splitIntoPieces('2026-02-01', '2026-06-30', '2026-12-05', { quarters: true, months: true, weeks: true })).toMatchObject({
      quarters: ['2026-04-01'],
      months: ['2026-02-01', '2026-03-01'],
    });
    expect(splitIntoPieces('2026-01-01', '2026-12-31', '2027-03-01', { months: true, weeks: true }).quarters).toEqual([]);
    expect(['2026-01-31', '2026-05-15', '2026-09-30', '2026-12-01'].map(quarterStart)).toEqual(['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01']);
  });

  it('groups dates into consecutive runs', () => {
    expect(runs(['2026-03-03', '2026-03-01', '2026-03-02', '2026-03-05', '2026-03-05'])).toEqual([
      ['2026-03-01', '2026-03-03'],
      ['2026-03-05', '2026-03-05'],
    ]);
  });
});
