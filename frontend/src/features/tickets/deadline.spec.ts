import { describeDeadline, formatDeadlineClock } from './deadline';

const now = Date.parse('2025-03-10T12:00:00.000Z');
const at = (offsetMinutes: number) => new Date(now + offsetMinutes * 60_000).toISOString();

describe('describeDeadline', () => {
  it('has no urgency without a deadline', () => {
    expect(describeDeadline(null, now)).toEqual({ urgency: 'none', label: 'No deadline' });
  });

  it('counts how long a passed deadline is overdue', () => {
    expect(describeDeadline(at(-90), now)).toEqual({ urgency: 'overdue', label: 'Overdue 1 h 30 min' });
    expect(describeDeadline(at(0), now)).toEqual({ urgency: 'overdue', label: 'Overdue less than a minute' });
  });

  it('is imminent (red) under one hour', () => {
    expect(describeDeadline(at(59), now)).toEqual({ urgency: 'imminent', label: 'in 59 min' });
    expect(describeDeadline(at(0.5), now)).toEqual({ urgency: 'imminent', label: 'in less than a minute' });
  });

  it('is soon (amber) from one hour up to four hours', () => {
    expect(describeDeadline(at(60), now)).toEqual({ urgency: 'soon', label: 'in 1 h' });
    expect(describeDeadline(at(3 * 60 + 59), now)).toEqual({ urgency: 'soon', label: 'in 3 h 59 min' });
  });

  it('is later from four hours on, in days once past a day', () => {
    expect(describeDeadline(at(4 * 60), now)).toEqual({ urgency: 'later', label: 'in 4 h' });
    expect(describeDeadline(at(2 * 24 * 60 + 3 * 60 + 20), now)).toEqual({ urgency: 'later', label: 'in 2 d 3 h' });
  });

  it('rounds down, never promising more time than is left', () => {
    expect(describeDeadline(at(59.99), now).label).toBe('in 59 min');
  });
});

describe('formatDeadlineClock', () => {
  // 10 March 2025 is a Monday; London is on GMT then, New York already on daylight time (UTC-4).
  const monday = Date.parse('2025-03-10T12:00:00.000Z');

  it('names today, tomorrow and yesterday on the office clock', () => {
    expect(formatDeadlineClock('2025-03-10T16:00:00.000Z', monday, 'Europe/London')).toBe('Today 16:00');
    expect(formatDeadlineClock('2025-03-11T09:30:00.000Z', monday, 'Europe/London')).toBe('Tomorrow 09:30');
    expect(formatDeadlineClock('2025-03-09T17:00:00.000Z', monday, 'Europe/London')).toBe('Yesterday 17:00');
  });

  it('names the weekday within the coming week, and the date further out', () => {
    expect(formatDeadlineClock('2025-03-12T09:30:00.000Z', monday, 'Europe/London')).toBe('Wed 09:30');
    expect(formatDeadlineClock('2025-03-16T09:30:00.000Z', monday, 'Europe/London')).toBe('Sun 09:30');
    expect(formatDeadlineClock('2025-03-17T09:30:00.000Z', monday, 'Europe/London')).toBe('17 Mar 09:30');
    expect(formatDeadlineClock('2025-03-05T09:30:00.000Z', monday, 'Europe/London')).toBe('5 Mar 09:30');
    expect(formatDeadlineClock('2026-01-02T09:30:00.000Z', monday, 'Europe/London')).toBe('2 Jan 2026 09:30');
  });

  it("uses the office's time zone, not the browser's, for both the time and the day", () => {
    // 02:30 UTC on Tuesday is still Monday evening in New York.
    expect(formatDeadlineClock('2025-03-11T02:30:00.000Z', monday, 'America/New_York')).toBe('Today 22:30');
    expect(formatDeadlineClock('2025-03-11T02:30:00.000Z', monday, 'Europe/London')).toBe('Tomorrow 02:30');
    // Just after midnight in Tokyo it is already the next day there.
    expect(formatDeadlineClock('2025-03-10T16:00:00.000Z', monday, 'Asia/Tokyo')).toBe('Tomorrow 01:00');
  });
});
