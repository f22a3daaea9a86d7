import { calendarFingerprint, parseHolidays, parseOfficeHours } from './office-hours.js';

describe('office hours', () => {
  it('reads day ranges and single days, one opening per weekday', () => {
    const { days, problems } = parseOfficeHours('Mon-Thu 09:00-17:30; fri 9:00-16:00');
    expect(problems).toEqual([]);
    expect(days.map((d) => [d.weekday, d.opens, d.closes])).toEqual([
      [1, 540, 1050],
      [2, 540, 1050],
      [3, 540, 1050],
      [4, 540, 1050],
      [5, 540, 960],
    ]);
    expect(calendarFingerprint(days, ['2026-12-25'])).toBe(
      'mon 09:00-17:30, tue 09:00-17:30, wed 09:00-17:30, thu 09:00-17:30, fri 09:00-16:00; holidays 2026-12-25',
    );
  });

  it('explains what it cannot read', () => {
    expect(parseOfficeHours('Mon-Fri 17:00-09:00').problems).toEqual(['"mon-fri 17:00-09:00": the office must open before it closes, within one day']);
    expect(parseOfficeHours('weekdays 9-5').problems).toEqual(['"weekdays 9-5" is not like "Mon-Fri 09:00-17:30"']);
    expect(parseOfficeHours('Mon 09:00-12:00, Mon 13:00-17:00').problems).toEqual(['"mon 13:00-17:00": mon is given twice']);
    expect(parseOfficeHours(undefined)).toEqual({ days: [], problems: [] });
  });

  it('reads holidays as calendar dates only', () => {
    expect(parseHolidays('2026-12-26, 2026-12-25 2026-12-25')).toEqual({ dates: ['2026-12-25', '2026-12-26'], problems: [] });
    expect(parseHolidays('2026-02-30,christmas').problems).toEqual(['"2026-02-30" is not a date like 2026-12-25', '"christmas" is not a date like 2026-12-25']);
  });
});
