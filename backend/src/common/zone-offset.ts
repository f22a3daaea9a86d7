// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one (it was most of a mail's deadline search).
const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timeZone` (IANA) at `instant`: year, month (1-12), day, hour (0-23), minute, second. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock of `timeZone` at `instant`; throws RangeError for an unknown zone. */
export function wallClock(instant: number, timeZone: string): WallClock {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** Milliseconds `timeZone` (IANA) is ahead of UTC at `instant`; throws RangeError for an unknown zone. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(instant / 1000) * 1000;
}

/** Minutes `timeZone` is ahead of UTC at `instant` (ms). */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  return Math.round(zoneOffsetMs(instant, timeZone) / 60_000);
}

/** The instant at which the wall clock in `timeZone` shows `wall` (a wall-clock value written as UTC ms), DST-aware. */
export function wallTimeToInstant(wall: number, timeZone: string): Date {
  // Two passes: the offset at the first guess may differ from the offset at the answer near a DST change.
  const first = wall - zoneOffsetMs(wall, timeZone);
  return new Date(wall - zoneOffsetMs(first, timeZone));
}
