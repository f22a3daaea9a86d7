/** One weekday's opening hours, in minutes after local midnight. */
export interface OpeningHours {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  opens: number;
  closes: number;
}

export interface OfficeHours {
  days: OpeningHours[];
  problems: string[];
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const RULE = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

/**
 * Parses OFFICE_HOURS, e.g. `Mon-Fri 09:00-17:30` or `Mon-Thu 09:00-17:30, Fri 09:00-16:00`
 * (comma or semicolon separated; one opening per weekday; days not named are closed).
 */
export function parseOfficeHours(value: string | undefined): OfficeHours {
  const days = new Map<number, OpeningHours>();
  const problems: string[] = [];
  for (const part of (value ?? '').split(/[,;]/).map((rule) => rule.trim().toLowerCase()).filter(Boolean)) {
    const match = RULE.exec(part);
    const first = match ? WEEKDAYS.indexOf(match[1]) : -1;
    const last = match ? (match[2] ? WEEKDAYS.indexOf(match[2]) : first) : -1;
    if (!match || first < 0 || last < 0 || last < first) {
      problems.push(`"${part}" is not like "Mon-Fri 09:00-17:30"`);
      continue;
    }
    const opens = Number(match[3]) * 60 + Number(match[4]);
    const closes = Number(match[5]) * 60 + Number(match[6]);
    if (Number(match[4]) > 59 || Number(match[6]) > 59 || closes > 24 * 60 || opens >= closes) {
      problems.push(`"${part}": the office must open before it closes, within one day`);
      continue;
    }
    for (let day = first; day <= last; day++) {
      if (days.has(day + 1)) problems.push(`"${part}": ${WEEKDAYS[day]} is given twice`);
      days.set(day + 1, { weekday: day + 1, opens, closes });
    }
  }
  return { days: [...days.values()].sort((a, b) => a.weekday - b.weekday), problems };
}

/** Parses OFFICE_HOLIDAYS: comma-separated local dates (YYYY-MM-DD) on which the office is closed. */
export function parseHolidays(value: string | undefined): { dates: string[]; problems: string[] } {
  const dates = new Set<string>();
  const problems: string[] = [];
  for (const part of (value ?? '').split(/[,;\s]+/).filter(Boolean)) {
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(part) && !Number.isNaN(Date.parse(`${part}T00:00:00Z`)) && new Date(`${part}T00:00:00Z`).toISOString().startsWith(part);
    if (valid) dates.add(part);
    else problems.push(`"${part}" is not a date like 2026-12-25`);
  }
  return { dates: [...dates].sort(), problems };
}

/** 570 → "09:30". */
export const formatClock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A canonical text of the calendar, stored with the rollups so a change of hours triggers a rebuild. */
export function calendarFingerprint(hours: OpeningHours[], holidays: string[]): string {
  if (!hours.length) return 'none';
  return `${hours.map((day) => `${WEEKDAYS[day.weekday - 1]} ${formatClock(day.opens)}-${formatClock(day.closes)}`).join(', ')}; holidays ${holidays.join(',') || '-'}`;
}
