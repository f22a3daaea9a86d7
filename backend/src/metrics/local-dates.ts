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

/** First day of the calendar quarter holding `date`. */
export function quarterStart(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
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
 * Splits the closed days [from, to] into few stored pieces: whole quarters and months first (as
 * splitIntoMonths; a quarter where all of its months are, or all of them up to the current one when
 * the range ends on the last closed day, since a quarter row too holds closed days only), then whole
 * ISO weeks among the days left, then single days. `allow` says which grains may be used (a piece
 * must lie inside one bucket of a series: `weeksWithinMonths` keeps weeks inside calendar months). A
 * week is used only when all of it is in the range.
 */
export function splitIntoPieces(
  from: string,
  to: string,
  closedThrough: string,
  allow: { quarters?: boolean; months: boolean; weeks: boolean; weeksWithinMonths?: boolean },
): { quarters: string[]; months: string[]; weeks: string[]; days: string[] } {
  const split = allow.months ? splitIntoMonths(from, to, closedThrough) : { months: [], days: daysFrom(from, to) };
  const quarters: string[] = [];
  let months = split.months;
  if (allow.quarters) {
    const listed = new Set(months);
    const current = monthStart(closedThrough);
    const whole = (quarter: string) => {
      for (let month = quarter, index = 0; index < 3 && month <= current; month = nextMonth(month), index++) if (!listed.has(month)) return false;
      return true;
    };
    for (const month of months) if (month === quarterStart(month) && whole(month)) quarters.push(month);
    months = months.filter((month) => !quarters.includes(quarterStart(month)));
  }
  const pieces = { quarters, months, weeks: [] as string[], days: [] as string[] };
  for (let index = 0; index < split.days.length; index++) {
    const day = split.days[index];
    const weekEnd = addDays(day, 6);
    // The days are sorted and distinct, so the 7th from a Monday being its Sunday means the whole week is left.
    const whole = day === weekStart(day) && split.days[index + 6] === weekEnd;
    if (allow.weeks && whole && (!allow.weeksWithinMonths || monthStart(weekEnd) === monthStart(day))) {
      pieces.weeks.push(day);
      index += 6;
    } else {
      pieces.days.push(day);
    }
  }
  return pieces;
}

function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}
