import { describeDeadline, zonedDateTimeToInstant } from './deadline.js';

describe('zonedDateTimeToInstant', () => {
  it('reads a wall-clock time in the journalist’s zone', () => {
    expect(zonedDateTimeToInstant('2026-06-05', '17:00', 'Europe/London')?.toISOString()).toBe('2026-06-05T16:00:00.000Z');
    expect(zonedDateTimeToInstant('2026-01-05', '17:00', 'Europe/London')?.toISOString()).toBe('2026-01-05T17:00:00.000Z');
    expect(zonedDateTimeToInstant('2026-03-10', '09:30', 'America/New_York')?.toISOString()).toBe('2026-03-10T13:30:00.000Z');
    expect(zonedDateTimeToInstant('2026-07-01', '08:15', 'Asia/Kolkata')?.toISOString()).toBe('2026-07-01T02:45:00.000Z');
  });

  it('gets the days of a DST change right', () => {
    // London springs forward at 01:00 UTC on 29 March 2026 and falls back at 01:00 UTC on 25 October.
    expect(zonedDateTimeToInstant('2026-03-29', '03:00', 'Europe/London')?.toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(zonedDateTimeToInstant('2026-03-29', '00:30', 'Europe/London')?.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedDateTimeToInstant('2026-10-25', '12:00', 'Europe/London')?.toISOString()).toBe('2026-10-25T12:00:00.000Z');
  });

  it('refuses dates, times and zones that do not exist', () => {
    expect(zonedDateTimeToInstant('2026-02-30', '12:00', 'UTC')).toBeNull();
    expect(zonedDateTimeToInstant('2026-06-05', '24:00', 'UTC')).toBeNull();
    expect(zonedDateTimeToInstant('2026-06-05', '12:00', 'Mars/Olympus_Mons')).toBeNull();
    expect(zonedDateTimeToInstant('05/06/2026', '12:00', 'UTC')).toBeNull();
  });

  it('describes the deadline in the zone it was given in', () => {
    // ICU versions differ on the comma after the weekday.
    expect(describeDeadline(new Date('2026-06-05T16:00:00Z'), 'Europe/London')).toMatch(/^Friday,? 5 June 2026 at 17:00 \(Europe\/London\)$/);
  });
});
