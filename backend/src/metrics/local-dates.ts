/** Calendar arithmetic on office-local dates written YYYY-MM-DD (no time zone involved). */

const DAY_MS = 86_400_000;

const toUtc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function nextMonth(date: string): string {
  const [year, month] = date.split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** Monday of the ISO week holding `date`. */
export function weekStart(date: string): string {
  const weekday = (new Date(toUtc(date)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

export function isLocalDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(toUtc(value)) && fromUtc(toUtc(value)) === value;
}

/**
 * Splits the closed days [from, to] into whole months (read from monthly rollups) and the days
 * left at either edge (read from daily rollups). A monthly rollup holds only closed days, so when
 * `to` is the last closed day, the current month's rollup covers it too.
 */
export function splitIntoMonths(from: string, to: string, closedThrough?: string): { months: string[]; days: string[] } {
  const months: string[] = [];
  const days: string[] = [];
  let day = from;
  while (day <= to) {
    const next = nextMonth(day);
    if (day === monthStart(day) && (addDays(next, -1) <= to || to === closedThrough)) {
      months.push(day);
      day = next;
    } else {
      days.push(day);
      day = addDays(day, 1);
    }
  }
  return { months, days };
}

/** Consecutive runs of sorted dates, as [first, last] pairs. */
export function runs(dates: string[]): [string, string][] {
  const sorted = [...new Set(dates)].sort();
  const result: [string, string][] = [];
  for (const date of sorted) {
    const last = result.at(-1);
    if (last && addDays(last[1], 1) === date) last[1] = date;
    else result.push([date, date]);
  }
  return result;
}

/**
 * Splits the closed days [from, to] into the fewest stored pieces: whole months, then whole ISO
 * weeks, then single days. `allow` says which grains may be used (a piece must lie inside one
 * bucket of a series). A monthly rollup holds only closed days, so when `to` is the last closed
 * day, the current month's rollup covers it too; a week is used only when it is whole.
 */
export function splitIntoPieces(
  from: string,
  to: string,
  closedThrough: string,
  allow: { months: boolean; weeks: boolean; weeksWithinMonths?: boolean },
): { months: string[]; weeks: string[]; days: string[] } {
  const pieces = { months: [] as string[], weeks: [] as string[], days: [] as string[] };
  let day = from;
  while (day <= to) {
    const next = nextMonth(day);
    const weekEnd = addDays(day, 6);
    if (allow.months && day === monthStart(day) && (addDays(next, -1) <= to || to === closedThrough)) {
      pieces.months.push(day);
      day = next;
    } else if (allow.weeks && day === weekStart(day) && weekEnd <= to && (!allow.weeksWithinMonths || monthStart(weekEnd) === monthStart(day))) {
      pieces.weeks.push(day);
      day = addDays(day, 7);
    } else {
      pieces.days.push(day);
      day = addDays(day, 1);
    }
  }
  return pieces;
}
