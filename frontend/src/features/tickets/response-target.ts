import type { TicketQueueItemDto } from '@newsdesk/shared';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Where a ticket stands against its first-response target: `near` shows amber, `missed` red. */
export type TargetState = 'none' | 'ahead' | 'near' | 'missed' | 'met' | 'late';

export interface TargetStatus {
  state: TargetState;
  label: string;
  title: string;
}

/**
 * Amber once less than half the target is left (at least 15 and at most 60 minutes before it), so
 * a 30-minute target warns at 15 minutes and a 4-hour one at an hour.
 */
export function nearThreshold(minutes: number): number {
  return Math.min(60, Math.max(15, minutes / 2)) * MINUTE;
}

/** The first-response target as of `now` (ms since the epoch). */
export function describeTarget(ticket: Pick<TicketQueueItemDto, 'responseTarget' | 'firstResponseAt'>, now: number): TargetStatus {
  const target = ticket.responseTarget;
  if (!target) return { state: 'none', label: '', title: '' };
  const due = Date.parse(target.dueAt);
  const title = `First response within ${formatDuration(target.minutes * MINUTE)} of office time`;
  if (ticket.firstResponseAt) {
    const late = Date.parse(ticket.firstResponseAt) - due;
    return late <= 0 ? { state: 'met', label: 'Target met', title } : { state: 'late', label: `Target missed by ${formatDuration(late)}`, title };
  }
  const left = due - now;
  if (left <= 0) return { state: 'missed', label: `Target missed ${formatDuration(-left)}`, title };
  return { state: left < nearThreshold(target.minutes) ? 'near' : 'ahead', label: `Target in ${formatDuration(left)}`, title };
}

// Whole units, rounded down, as the deadline countdown does.
function formatDuration(ms: number): string {
  if (ms < MINUTE) return 'less than a minute';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  const [major, majorUnit, minor, minorUnit] =
    ms < DAY ? [Math.floor(ms / HOUR), 'h', Math.floor((ms % HOUR) / MINUTE), 'min'] : [Math.floor(ms / DAY), 'd', Math.floor((ms % DAY) / HOUR), 'h'];
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}
