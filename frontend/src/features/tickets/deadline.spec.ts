import { describeDeadline } from './deadline';

const now = Date.parse('2025-03-10T12:00:00.000Z');
const at = (offsetMinutes: number) => new Date(now + offsetMinutes * 60_000).toISOString();

describe('describeDeadline', () => {
  it('has no urgency without a deadline', () => {
    expect(describeDeadline(null, now)).toEqual({ urgency: 'none', label: 'No deadline' });
  });

  it('counts how long a passed deadline is overdue', () => {
    expect(describeDeadline(at(-90), now)).toEqual({ urgency: 'overdue', label: 'Overdue by 1 h 30 min' });
    expect(describeDeadline(at(0), now)).toEqual({ urgency: 'overdue', label: 'Overdue by less than a minute' });
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
