import * as chrono from 'chrono-node';
import type { Chrono, ParsedResult } from 'chrono-node';
import { wallTimeToInstant, zoneOffsetMinutes } from '../common/zone-offset.js';

// Deadlines are stated near the top; this also bounds the parsers' work on huge mails.
const MAX_TEXT = 10_000;
const MAX_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;
const END_OF_DAY = { hour: 17, minute: 0 };

// "EOD", "COB", "close of business" … mean 17:00 local and are a deadline by themselves.
const END_OF_DAY_PHRASE = /\b(?:EOD|COB|EOB|end of (?:the )?(?:business )?day|close of (?:business|play)|end of business|(fin de (?:la )?journée)|(Dienstschluss))\b/giu;
// Words for noon the parsers miss.
const NOON_WORDS: Array<[RegExp, string]> = [
  [/\bmidday\b/gi, 'noon'],
  [/\bmidi\b/gi, '12h00'],
  [/\bmittags?\b/gi, '12:00'],
];

// A deadline word anywhere earlier in the same sentence: "my deadline for the piece is 4pm".
const STRONG_CUES = [
  'dead-?line', 'cut-?off', 'press time', 'going to (?:print|press)', 'go(?:es)? to (?:print|press)',
  "(?:i'?m|i am|we'?re|we are|i'?ll|we'?ll|i|we) (?:be )?fil(?:e|ing)",
  'frist', 'abgabetermin', 'redaktionsschluss', 'andruck', 'date limite', 'délai', 'bouclage',
  'plazo', 'fecha límite', 'cierre de edición', 'scadenza', 'termijn', 'sluitingstijd',
];
const STRONG_CUE_BEFORE = new RegExp(`\\b(?:${STRONG_CUES.join('|')})\\b`, 'iu');
// A word that makes the date right after it a deadline: "by Friday", "before 9am", "bis morgen".
const WEAK_CUES = [
  'by', 'before', 'until', 'till', 'til', 'within', 'no later than', 'not later than', 'prior to', 'ahead of',
  'due', 'need(?:ed)? (?:it|this|that|them|something|a \\w+|an \\w+)', 'latest', 'deadline(?: is)?',
  'bis', 'spätestens', 'vor', 'avant', "d'ici", 'au plus tard', 'antes de(?:l)?', 'hasta', 'a más tardar',
  'voor', 'vóór', 'uiterlijk', 'entro', 'prima di', 'até', 'frist',
];
const WEAK_CUE = new RegExp(`\\b(?:${WEAK_CUES.join('|')})$`, 'iu');
// Words that may stand between a weak cue and its date: "by the latest at 5pm", "bis spätestens morgen".
const FILLER = /^(?:the|this|my|our|at|on|around|about|approx\.?|approximately|roughly|say|latest|is|am|um|den|der|le|la|el|las|a|het|om|op|de|spätestens|au plus tard|today|tonight|:|-|–|,)$/iu;
// Deadline words after the date: "5pm ET at the latest", "Friday is my deadline".
const CUE_AFTER = /^[\s,]*(?:at the (?:very )?latest|latest|au plus tard|spätestens|a más tardar|uiterlijk|(?:is|will be|would be) (?:my|our|the) (?:\w+ )?deadline|deadline)\b/iu;
// Every cue above, anywhere, without word boundaries or line structure (a superset of what they match):
// text without any cannot hold a deadline, and the date parsers (most of a mail's parse time) are skipped.
const ANY_CUE = new RegExp(`(?:${[...STRONG_CUES, ...WEAK_CUES, 'latest', 'au plus tard', 'spätestens', 'a más tardar', 'uiterlijk', 'deadline'].join('|').replace(/ /g, '\\s+')})`, 'iu');
// A sentence ends at . ! ? ; or a line break; "5 p.m." is not an end, a full stop before a capital is.
const SENTENCE_END = /(?:[.!?;]\s+(?=\p{Lu})|[!?;]\s|\n)/gu;

// Zone names people put after a time. Regional names mean that region's clock, as writers use
// them loosely ("5pm EST" in July means Eastern time); GMT, UTC and BST are fixed offsets.
const STATED_ZONES: Record<string, string | number> = {
  UTC: 0, GMT: 0, BST: 60,
  WET: 'Europe/Lisbon', WEST: 'Europe/Lisbon',
  CET: 'Europe/Berlin', CEST: 'Europe/Berlin', MEZ: 'Europe/Berlin', MESZ: 'Europe/Berlin',
  EET: 'Europe/Athens', EEST: 'Europe/Athens',
  ET: 'America/New_York', EST: 'America/New_York', EDT: 'America/New_York',
  CT: 'America/Chicago', CST: 'America/Chicago', CDT: 'America/Chicago',
  MT: 'America/Denver', MST: 'America/Denver', MDT: 'America/Denver',
  PT: 'America/Los_Angeles', PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage', AKDT: 'America/Anchorage', HST: -600,
};
const STATED_ZONE = new RegExp(`\\b(${Object.keys(STATED_ZONES).join('|')})\\b`);
const US_ZONE = /^(?:E|C|M|P|AK|H)[SD]?T$/;

interface Candidate {
  result: ParsedResult;
  parser: Chrono;
}

/**
 * The deadline a journalist states in a mail ("deadline 5pm ET today", "by Friday noon",
 * "need this by EOD"), or null. Only dates next to a deadline word count; days are read relative
 * to `receivedAt`, times without a zone in `defaultTimeZone` (IANA); past deadlines are ignored.
 */
export function findDeadline(text: string, receivedAt: Date, defaultTimeZone: string): Date | null {
  const receivedMs = receivedAt.getTime();
  if (!text || Number.isNaN(receivedMs)) return null;

  const { text: prepared, endOfDayAt } = prepare(text.slice(0, MAX_TEXT));
  // Every date needs a cue or an end-of-day phrase to count (below): without either, none can.
  if (!endOfDayAt.length && !ANY_CUE.test(prepared)) return null;
  const english = prefersMonthFirst(defaultTimeZone) ? chrono.en.casual : chrono.en.GB;
  const parsers = [english, chrono.de.casual, chrono.fr.casual, chrono.es.casual, chrono.nl.casual];
  const reference = { instant: receivedAt, timezone: zoneOffsetMinutes(receivedMs, defaultTimeZone) };

  const sentenceStarts = [0, ...[...prepared.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length)];
  let best: number | null = null;
  for (const { result, parser } of candidates(prepared, parsers, reference)) {
    const atEndOfDay = endOfDayAt.some((at) => at >= result.index && at < result.index + result.text.length);
    if (!atEndOfDay && !hasDeadlineCue(prepared, result, sentenceStarts)) continue;
    const deadline = resolve(result, parser, receivedAt, defaultTimeZone);
    if (deadline === null) continue;
    const ms = deadline.getTime();
    if (ms <= receivedMs || ms - receivedMs > MAX_AHEAD_MS) continue;
    // Two deadlines ("5pm, or 10am tomorrow at the latest"): the earlier one is the one to meet.
    if (best === null || ms < best) best = ms;
  }
  return best === null ? null : new Date(best);
}

function prepare(text: string): { text: string; endOfDayAt: number[] } {
  let prepared = text.replace(/\r\n?/g, '\n').replace(/[ \t\u00a0]+/g, ' ');
  for (const [pattern, replacement] of NOON_WORDS) prepared = prepared.replace(pattern, replacement);
  // chrono's German parser reads "Frist: morgen um 12 Uhr" as this morning; "Frist morgen 12 Uhr" as tomorrow.
  prepared = prepared.replace(/:[ ]+/g, ' ').replace(/\bmorgen um\b/g, 'morgen');
  const endOfDayAt: number[] = [];
  let out = '';
  let last = 0;
  for (const match of prepared.matchAll(END_OF_DAY_PHRASE)) {
    out += prepared.slice(last, match.index);
    endOfDayAt.push(out.length);
    out += match[1] ? '17h' : match[2] ? '17 Uhr' : '5pm';
    last = match.index + match[0].length;
  }
  return { text: out + prepared.slice(last), endOfDayAt };
}

/** Results of every language's parser; where they overlap, the one that read the most text wins. */
function candidates(text: string, parsers: Chrono[], reference: { instant: Date; timezone: number }): Candidate[] {
  const all: Candidate[] = parsers.flatMap((parser) =>
    parser.parse(text, reference, { forwardDate: true }).map((result) => ({ result, parser })),
  );
  all.sort((a, b) => b.result.text.length - a.result.text.length);
  const kept: Candidate[] = [];
  for (const candidate of all) {
    const start = candidate.result.index;
    const end = start + candidate.result.text.length;
    if (kept.some(({ result }) => start < result.index + result.text.length && result.index < end)) continue;
    kept.push(candidate);
  }
  return kept;
}

function hasDeadlineCue(text: string, result: ParsedResult, sentenceStarts: number[]): boolean {
  const sentenceStart = sentenceStartBefore(sentenceStarts, result.index);
  const before = text.slice(Math.max(sentenceStart, result.index - 100), result.index);
  if (STRONG_CUE_BEFORE.test(before)) return true;

  // Walk back over up to two filler words to the word that governs the date.
  const words = before.trimEnd().split(/\s+/).filter(Boolean);
  for (let fillers = 0; fillers <= 2 && words.length > 0; fillers++) {
    if (WEAK_CUE.test(words.slice(-4).join(' ').replace(/[:,]$/, ''))) return true;
    const last = words.pop()!;
    if (!FILLER.test(last.replace(/[:,]$/, ''))) break;
  }

  const afterEnd = result.index + result.text.length;
  const after = text.slice(afterEnd, afterEnd + 60);
  const cut = after.search(SENTENCE_END);
  return CUE_AFTER.test(cut < 0 ? after : after.slice(0, cut));
}

/** The last sentence start at or before `index` (binary search over ascending starts). */
function sentenceStartBefore(starts: number[], index: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (starts[middle] <= index) low = middle;
    else high = middle - 1;
  }
  return starts[low];
}

function resolve(result: ParsedResult, parser: Chrono, receivedAt: Date, defaultTimeZone: string): Date | null {
  let zone: string | number = defaultTimeZone;
  let parsed = result;
  const stated = STATED_ZONE.exec(result.text)?.[1];
  if (stated !== undefined) {
    // "5pm ET today": today is the journalist's day there, and 12/03 CET is the 12th of March.
    zone = STATED_ZONES[stated];
    let reader = parser;
    if (/\d{1,2}[/.-]\d{1,2}/.test(result.text)) reader = US_ZONE.test(stated) ? chrono.en.casual : chrono.en.GB;
    const reference = { instant: receivedAt, timezone: offsetAt(receivedAt.getTime(), zone) };
    parsed = reader.parse(result.text, reference, { forwardDate: true })[0] ?? result;
  } else if (result.start.isCertain('timezoneOffset')) {
    // An offset such as "+0200" or "GMT+2": chrono has the instant already.
    return result.start.isCertain('hour') ? result.date() : null;
  }

  const start = parsed.start;
  const year = start.get('year');
  const month = start.get('month');
  const day = start.get('day');
  if (year === null || month === null || day === null) return null;
  // A day without a time ("by Friday") means the end of that working day.
  const timeStated = start.isCertain('hour');
  const hour = timeStated ? (start.get('hour') ?? END_OF_DAY.hour) : END_OF_DAY.hour;
  const minute = timeStated ? (start.get('minute') ?? 0) : END_OF_DAY.minute;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (typeof zone === 'number') return new Date(wall - zone * 60_000);
  return wallTimeToInstant(wall, zone);
}

function offsetAt(ms: number, zone: string | number): number {
  return typeof zone === 'number' ? zone : zoneOffsetMinutes(ms, zone);
}

// Month-first numeric dates (12/03 = December 3) are a North American habit.
function prefersMonthFirst(timeZone: string): boolean {
  return /^(?:America\/(?!Sao_Paulo|Argentina|Buenos_Aires|Bogota|Lima|Santiago|Caracas|Montevideo|Mexico_City)|US\/|Canada\/|Pacific\/Honolulu)/.test(timeZone);
}

