import ICAL from 'ical.js';
import { escapeText, foldLine, writeCalendar } from './ical.js';

/** Parses with ical.js, registering the calendar's own VTIMEZONE, as a calendar app would. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
}

const event = (start: string, summary = 'ND-1: Deadline') => ({
  uid: `ticket-${start}@newsdesk.test`,
  stamp: new Date('2026-01-01T00:00:00Z'),
  start: new Date(start),
  end: new Date(new Date(start).getTime() + 15 * 60_000),
  summary,
  description: 'Deadline confirmed.',
  url: 'https://desk.example/tickets/ND-1',
});

describe('iCalendar writing', () => {
  afterEach(() => ICAL.TimezoneService.reset());

  it('escapes backslashes, semicolons, commas and line breaks, and drops other control characters', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf\rg\u0007h\ti')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng' + 'h\ti');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}${'x'.repeat(30)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const part of folded) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(folded.map((part, index) => (index ? part.slice(1) : part)).join('')).toBe(line);
    expect(folded.join('')).not.toContain('\uFFFD');
  });

  it.each([
    // Both of Berlin's changes (CET/CEST), New York's, India's (none), Lord Howe's half-hour shift.
    ['Europe/Berlin', ['2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', '2026-07-01T12:00:00Z', '2026-10-24T23:59:00Z', '2026-10-25T02:00:00Z', '2027-01-15T16:00:00Z']],
    ['America/New_York', ['2026-03-08T06:30:00Z', '2026-03-08T07:30:00Z', '2026-11-01T04:30:00Z', '2026-11-01T07:30:00Z']],
    ['Asia/Kolkata', ['2026-06-01T10:00:00Z']],
    ['Australia/Lord_Howe', ['2026-04-04T14:00:00Z', '2026-04-04T15:30:00Z', '2026-10-03T15:30:00Z', '2026-10-03T16:30:00Z']],
    ['UTC', ['2026-12-07T09:00:00Z']],
  ])('writes %s local times with a VTIMEZONE that a real parser turns back into the same instants', (timeZone, starts) => {
    const text = writeCalendar({ name: 'Deadlines', timeZone, events: starts.map((start) => event(start)) }, new Date('2026-12-01T00:00:00Z'));
    const parsed = parse(text);
    expect(parsed.map((item) => item.startDate.toJSDate().toISOString())).toEqual(starts.map((start) => new Date(start).toISOString()));
    expect(parsed.map((item) => item.startDate.zone?.tzid)).toEqual(starts.map(() => timeZone));
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
  });

  it('writes a time in the hour repeated when clocks go back in UTC, the one form that names the right instant', () => {
    // 02:30 in Berlin happens twice on 2026-10-25: at 00:30 UTC (summer time) and 01:30 UTC (winter time).
    const starts = ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'];
    const text = writeCalendar({ name: 'Deadlines', timeZone: 'Europe/Berlin', events: starts.map((start) => event(start)) }, new Date('2026-10-01T00:00:00Z'));
    expect(text).toContain('DTSTART:20261025T003000Z\r\n');
    expect(text).toContain('DTSTART:20261025T013000Z\r\n');
    expect(parse(text).map((item) => item.startDate.toJSDate().toISOString())).toEqual(starts.map((start) => new Date(start).toISOString()));
  });

  it('writes the wall-clock time of the office zone', () => {
    const text = writeCalendar({ name: 'Deadlines', timeZone: 'Europe/Berlin', events: [event('2026-07-01T12:00:00Z')] }, new Date('2026-07-01T00:00:00Z'));
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20260701T140000\r\n');
    expect(text).toContain('DTSTAMP:20260101T000000Z\r\n');
  });
});
