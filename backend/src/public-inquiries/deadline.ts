import { wallTimeToInstant } from '../common/zone-offset.js';

/** A wall-clock date and time in an IANA zone, as the journalist typed it, turned into one instant. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 2000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isClockTime(value: string): boolean {
  return TIME.test(value);
}

/**
 * `2026-06-05` + `17:00` + `Europe/London` → 2026-06-05T16:00:00Z, or null when any part is invalid.
 * A time skipped by a DST change resolves to the same wall time one offset later, as calendars do.
 */
export function zonedDateTimeToInstant(date: string, time: string, timeZone: string): Date | null {
  if (!isCalendarDate(date) || !isClockTime(time) || !isTimeZone(timeZone)) return null;
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute, second = 0] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return wallTimeToInstant(wall, timeZone);
}

/** "Friday, 5 June 2026 at 17:00 (Europe/London)", for people reading the inquiry. */
export function describeDeadline(instant: Date, timeZone: string): string {
  const local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(instant);
  return `${local} (${timeZone})`;
}
