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
  if (remaining <= 0) return { urgency: 'overdue', label: `Overdue by ${formatDuration(-remaining)}` };
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
