const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How pressing a deadline is: `imminent` and `overdue` show red, `soon` amber. */
export type DeadlineUrgency = 'none' | 'later' | 'soon' | 'imminent' | 'overdue';

export interface DeadlineState {
  urgency: DeadlineUrgency;
  label: string;
}

/** The countdown to a journalist's deadline as of `now` (ms since the epoch). */
export function describeDeadline(deadlineAt: string | null, now: number): DeadlineState {
  if (deadlineAt === null) return { urgency: 'none', label: 'No deadline' };
  const remaining = Date.parse(deadlineAt) - now;
  if (Number.isNaN(remaining)) return { urgency: 'none', label: 'No deadline' };
  if (remaining <= 0) return { urgency: 'overdue', label: `Overdue ${formatDuration(-remaining)}` };
  const label = `in ${formatDuration(remaining)}`;
  if (remaining < HOUR) return { urgency: 'imminent', label };
  if (remaining < 4 * HOUR) return { urgency: 'soon', label };
  return { urgency: 'later', label };
}

// Whole units, rounded down: a countdown must never promise more time than is left.
function formatDuration(ms: number): string {
  if (ms < MINUTE) return 'less than a minute';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return joinUnits(Math.floor(ms / HOUR), 'h', Math.floor((ms % HOUR) / MINUTE), 'min');
  return joinUnits(Math.floor(ms / DAY), 'd', Math.floor((ms % DAY) / HOUR), 'h');
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

// Formatters by zone: building an Intl formatter costs far more than using one, and rows render often.
const formatters = new Map<string, { time: Intl.DateTimeFormat; weekday: Intl.DateTimeFormat; date: Intl.DateTimeFormat; dateYear: Intl.DateTimeFormat; day: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string) {
  let found = formatters.get(timeZone);
  if (!found) {
    found = {
      time: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      weekday: new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' }),
      date: new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }),
      dateYear: new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' }),
      day: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
    };
    formatters.set(timeZone, found);
  }
  return found;
}

/** Calendar days from `now` to `at` on the office's calendar (0 today, 1 tomorrow, -1 yesterday). */
function calendarDaysBetween(now: number, at: number, day: Intl.DateTimeFormat): number {
  const dayNumber = (ms: number) => Date.parse(`${day.format(ms)}T00:00:00Z`) / DAY;
  return Math.round(dayNumber(at) - dayNumber(now));
}

/**
 * The deadline on the office's clock, the way a press officer says it: "Today 16:00",
 * "Tomorrow 09:30", "Yesterday 17:00", "Tue 09:30" within the coming week, else "12 Mar 09:30"
 * (with the year when it is not this year's).
 */
export function formatDeadlineClock(deadlineAt: string, now: number, timeZone: string): string {
  const at = Date.parse(deadlineAt);
  if (Number.isNaN(at)) return '';
  const format = formattersFor(timeZone);
  const time = format.time.format(at);
  const days = calendarDaysBetween(now, at, format.day);
  if (days === 0) return `Today ${time}`;
  if (days === 1) return `Tomorrow ${time}`;
  if (days === -1) return `Yesterday ${time}`;
  if (days > 1 && days < 7) return `${format.weekday.format(at)} ${time}`;
  const sameYear = format.day.format(at).slice(0, 4) === format.day.format(now).slice(0, 4);
  return `${(sameYear ? format.date : format.dateYear).format(at)} ${time}`;
}
