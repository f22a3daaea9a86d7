import { addDays, runs, splitIntoMonths, weekStart } from './local-dates.js';

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

  it('groups dates into consecutive runs', () => {
    expect(runs(['2026-03-03', '2026-03-01', '2026-03-02', '2026-03-05', '2026-03-05'])).toEqual([
      ['2026-03-01', '2026-03-03'],
      ['2026-03-05', '2026-03-05'],
    ]);
  });
});
