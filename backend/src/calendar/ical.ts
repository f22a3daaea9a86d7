/** RFC 5545 writing: escaped TEXT values, lines folded at 75 octets, local times with a VTIMEZONE for the zone. */
import { wallClock, zoneOffsetMinutes, type WallClock } from '../common/zone-offset.js';

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

export interface CalendarEvent {
  uid: string;
  /** When the event's information last changed (DTSTAMP and LAST-MODIFIED). */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  url: string;
}

export interface Calendar {
  name: string;
  timeZone: string;
  events: CalendarEvent[];
}

/** A TEXT value: backslash, semicolon, comma and line breaks escaped; other control characters dropped. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex -- TEXT allows no control characters but tab.
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')
  );
}

/** Folds a content line so no line exceeds 75 octets, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    // A continuation line starts with a space, which counts toward its 75 octets.
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** A URI value: only what a URI may hold, so a crafted value cannot end the line or open a parameter. */
function uriValue(url: string): string {
  return url.replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/g, (character) => encodeURIComponent(character));
}

function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function localParts(instant: Date, timeZone: string): WallClock {
  return wallClock(instant.getTime(), timeZone);
}

/** The zone's offset from UTC at an instant, in minutes. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return zoneOffsetMinutes(instant.getTime(), timeZone);
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}

/** The wall-clock time in the zone, as an iCalendar DATE-TIME without a zone suffix. */
export function localStamp(instant: Date, timeZone: string): string {
  const local = localParts(instant, timeZone);
  return `${local.year}${two(local.month)}${two(local.day)}T${two(local.hour)}${two(local.minute)}${two(local.second)}`;
}

/**
 * DTSTART/DTEND in the zone's wall-clock time; in UTC only when that wall-clock time happens twice
 * (the hour repeated when clocks go back), where a zone-local value cannot say which one is meant.
 */
function dateTimeProperty(name: string, instant: Date, timeZone: string): string {
  const local = localParts(instant, timeZone);
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((shift) => offsetMinutes(new Date(instant.getTime() + shift), timeZone)));
  const readings = [...offsets].filter((offset) => offsetMinutes(new Date(wall - offset * 60_000), timeZone) === offset);
  return readings.length > 1 ? `${name}:${utcStamp(instant)}` : `${name};TZID=${timeZone}:${localStamp(instant, timeZone)}`;
}

function offsetValue(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${two(Math.floor(absolute / 60))}${two(absolute % 60)}`;
}

/** Wall-clock time at `instant` under a fixed offset (a transition's DTSTART is in the offset before it). */
function stampAtOffset(instant: Date, offset: number): string {
  return utcStamp(new Date(instant.getTime() + offset * 60_000)).replace(/Z$/, '');
}

interface Transition {
  at: Date;
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;

/** Every change of the zone's offset between two instants, found day by day and then to the minute. */
export function offsetTransitions(timeZone: string, from: Date, to: Date): Transition[] {
  const transitions: Transition[] = [];
  // From midnight UTC, so the search below lands on whole minutes, where zones change.
  const origin = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
  let previous = offsetMinutes(new Date(origin), timeZone);
  for (let day = origin + DAY_MS; day <= to.getTime() + DAY_MS; day += DAY_MS) {
    const offset = offsetMinutes(new Date(day), timeZone);
    if (offset === previous) continue;
    let low = day - DAY_MS;
    let high = day;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetMinutes(new Date(middle), timeZone) === previous) low = middle;
      else high = middle;
    }
    transitions.push({ at: new Date(high), from: previous, to: offset });
    previous = offset;
  }
  return transitions;
}

/** A VTIMEZONE covering [from, to]: the offset at the start, then each change as an explicit STANDARD or DAYLIGHT onset. */
export function timeZoneComponent(timeZone: string, from: Date, to: Date): string[] {
  const origin = new Date(Math.floor(from.getTime() / DAY_MS) * DAY_MS);
  const start = offsetMinutes(origin, timeZone);
  const transitions = offsetTransitions(timeZone, origin, to);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const onset = (kind: 'STANDARD' | 'DAYLIGHT', at: string, offsetFrom: number, offsetTo: number) =>
    lines.push(`BEGIN:${kind}`, `DTSTART:${at}`, `TZOFFSETFROM:${offsetValue(offsetFrom)}`, `TZOFFSETTO:${offsetValue(offsetTo)}`, `END:${kind}`);
  const standard = Math.min(start, ...transitions.map((transition) => transition.to));
  onset(start > standard ? 'DAYLIGHT' : 'STANDARD', stampAtOffset(origin, start), start, start);
  for (const transition of transitions) {
    onset(transition.to > standard ? 'DAYLIGHT' : 'STANDARD', stampAtOffset(transition.at, transition.from), transition.from, transition.to);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** The whole VCALENDAR text, CRLF line ends, every line folded. */
export function writeCalendar(calendar: Calendar, now: Date): string {
  const zone = calendar.timeZone;
  const instants = calendar.events.flatMap((event) => [event.start.getTime(), event.end.getTime()]);
  // From a day before the earliest time to a day after the latest: the zone's rules for every event and no more.
  // No METHOD: DTSTAMP then means when the event's information last changed (RFC 5545 3.8.7.2).
  const from = new Date(Math.min(now.getTime(), ...instants) - DAY_MS);
  const to = new Date(Math.max(now.getTime(), ...instants) + DAY_MS);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Newsdesk//Deadline calendar//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    `X-WR-TIMEZONE:${zone}`,
    ...timeZoneComponent(zone, from, to),
  ];
  for (const event of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${utcStamp(event.stamp)}`,
      `LAST-MODIFIED:${utcStamp(event.stamp)}`,
      dateTimeProperty('DTSTART', event.start, zone),
      dateTimeProperty('DTEND', event.end, zone),
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      `URL:${uriValue(event.url)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
