import {
  FIGURE_UNITS,
  type ComparedFigure,
  type DeadlineMissDto,
  type DigestFrequency,
  type FigureComparisonDto,
  type MetricGroupValuesDto,
  type MetricValuesDto,
} from '@newsdesk/shared';
import { csv, type Cell } from './metrics-csv.js';

/** Everything a digest shows, gathered once per period and rendered per recipient. */
export interface DigestReport {
  frequency: DigestFrequency;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  timeZone: string;
  current: MetricValuesDto;
  figures: FigureComparisonDto[];
  /** Deadline hit rate per bucket ending with the period (13 weeks, or 14 days). */
  chart: { period: string; rate: number | null; decided: number }[];
  /** The period's misses, newest deadline first (the mail shows the first few, the CSV all of them). */
  misses: DeadlineMissDto[];
  stories: { title: string; received: number; open: number }[];
  officers: MetricGroupValuesDto[];
  publicUrl: string;
}

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

/** Misses listed in the mail itself; the attached CSV has every one. */
export const MISSES_IN_MAIL = 10;

export const FIGURE_LABELS: Record<ComparedFigure, string> = {
  received: 'Inquiries received',
  assigned: 'Assignments',
  firstResponseMedian: 'First response (median)',
  deadlineHitRate: 'Deadlines met',
  deadlinesMissed: 'Deadlines missed',
  resolutionMedian: 'Resolution (median)',
  acknowledgeMedian: 'Time to acknowledge (median)',
  reopens: 'Reopened',
  backlog: 'Open at the end',
  noDeadline: 'Without a deadline',
};

/** "42 min", "3 h 10 min", "2 d 3 h"; durations come in whole seconds. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)} d`;
}

export const percent = (rate: number | null) => (rate === null ? '-' : `${Math.round(rate * 100)}%`);

export function formatFigure(figure: ComparedFigure, value: number | null): string {
  if (value === null) return '-';
  const unit = FIGURE_UNITS[figure];
  return unit === 'seconds' ? formatDuration(value) : unit === 'ratio' ? percent(value) : String(value);
}

/** "+3", "−12 min", "+4 pts"; "no change"; "-" when there is nothing to compare. */
export function formatChange(comparison: FigureComparisonDto): string {
  const { change, figure } = comparison;
  if (change === null) return '-';
  if (change === 0) return 'no change';
  const sign = change > 0 ? '+' : '−';
  const unit = FIGURE_UNITS[figure];
  const size = Math.abs(change);
  return `${sign}${unit === 'seconds' ? formatDuration(size) : unit === 'ratio' ? `${Math.round(size * 100)} pts` : size}`;
}

// --- HTML that escapes whatever it is given ------------------------------------------------------

/** Markup we wrote ourselves; anything else interpolated into `html` is escaped. */
class SafeHtml {
  constructor(readonly value: string) {}
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

type Interpolated = SafeHtml | string | number | null | undefined | false | Interpolated[];

function piece(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  return escapeHtml(String(value));
}

/** A template of our own markup: journalist names, subjects and titles come in only as escaped text. */
function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, text, index) => out + text + (index < values.length ? piece(values[index]) : ''), ''));
}

const COLOURS = { better: '#1a7f37', worse: '#b42318', neutral: '#555555', same: '#555555' } as const;
const ARROWS = { up: '▲', down: '▼', same: '=' } as const;
const CELL = 'padding:4px 8px;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top';
const HEAD = `${CELL};font-weight:600;background:#f4f4f4`;
const NUM = `${CELL};text-align:right;white-space:nowrap`;

// --- the report ----------------------------------------------------------------------------------

const periodWord = (frequency: DigestFrequency) => (frequency === 'weekly' ? 'week' : 'day');

function periodTitle(report: DigestReport): string {
  return report.frequency === 'weekly' ? `week from Monday ${report.from} to Sunday ${report.to}` : `day ${report.from}`;
}

function officeTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

function howLate(miss: DeadlineMissDto): string {
  return miss.answeredAt ? `answered ${formatDuration(miss.lateSeconds)} late` : 'no reply yet';
}

function journalistName(miss: DeadlineMissDto): string {
  return miss.journalist?.name || miss.journalist?.email || 'Unknown journalist';
}

function chartLabel(period: string, frequency: DigestFrequency): string {
  const date = new Date(`${period}T00:00:00Z`);
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return frequency === 'weekly' ? `w/c ${day}` : `${date.toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' })} ${day}`;
}

export function digestSubject(report: DigestReport): string {
  const t = report.current;
  const period = report.frequency === 'weekly' ? `week of ${report.from}` : `day ${report.from}`;
  return `Press office ${period}: ${t.deadlines.missed} deadline${t.deadlines.missed === 1 ? '' : 's'} missed, ${percent(t.deadlines.hitRate)} met, ${t.received} ${t.received === 1 ? 'inquiry' : 'inquiries'}`;
}

/** The digest as a mail: plain text and HTML (multipart/alternative) and two CSV files; the preview endpoint shows this same output. */
export function renderDigest(report: DigestReport, recipient: { name: string }): RenderedDigest {
  const link = `${report.publicUrl}/metrics?from=${report.from}&to=${report.to}`;
  return {
    subject: digestSubject(report),
    text: digestText(report, recipient, link),
    html: digestHtml(report, recipient, link),
    attachments: [
      { filename: `newsdesk-figures-${report.from}-${report.to}.csv`, contentType: 'text/csv; charset=utf-8', content: figuresCsv(report) },
      { filename: `newsdesk-deadline-misses-${report.from}-${report.to}.csv`, contentType: 'text/csv; charset=utf-8', content: missesCsv(report) },
    ],
  };
}

function digestText(report: DigestReport, recipient: { name: string }, link: string): string {
  const word = periodWord(report.frequency);
  const t = report.current;
  const figureLines = report.figures.map(
    (f) => `${FIGURE_LABELS[f.figure].padEnd(30)}${formatFigure(f.figure, f.current).padEnd(12)}${`${word} before: ${formatFigure(f.figure, f.previous)}`.padEnd(26)}${formatChange(f)}${f.verdict === 'better' || f.verdict === 'worse' ? ` (${f.verdict})` : ''}`,
  );
  const misses = report.misses.slice(0, MISSES_IN_MAIL).map(
    (m) => `  ${m.reference}  ${officeTime(m.deadlineAt, report.timeZone)}  ${howLate(m)}; ${journalistName(m)}${m.outlet ? `, ${m.outlet.name}` : ''}; ${m.officer?.name ?? 'unassigned'}: ${m.subject}`,
  );
  const more = t.deadlines.missed - Math.min(report.misses.length, MISSES_IN_MAIL);
  const stories = report.stories.map((s) => `  ${String(s.received).padStart(4)} inquiries (${s.open} open)  ${s.title}`);
  const officers = report.officers.map(
    (g) =>
      `  ${g.label.padEnd(26)}${String(g.values.assigned).padStart(4)} assigned   first response ${formatDuration(g.values.firstResponseTime.medianSeconds).padEnd(12)} deadlines met ${percent(g.values.deadlines.hitRate)}`,
  );
  const chart = report.chart.map((p) => `  ${chartLabel(p.period, report.frequency).padEnd(14)}${'#'.repeat(p.rate === null ? 0 : Math.round(p.rate * 20)).padEnd(21)}${p.rate === null ? 'no deadlines' : percent(p.rate)}`);
  return [
    `Hello ${recipient.name},`,
    '',
    `The press office's ${periodTitle(report)} (${report.timeZone}), against the ${word} before:`,
    '',
    `${t.deadlines.missed} deadline${t.deadlines.missed === 1 ? '' : 's'} missed; ${percent(t.deadlines.hitRate)} met (${t.deadlines.met} of ${t.deadlines.met + t.deadlines.missed}).`,
    '',
    ...figureLines,
    '',
    `Deadlines met per ${word}:`,
    ...chart,
    '',
    ...(misses.length ? ['Deadlines missed:', ...misses, ...(more > 0 ? [`  and ${more} more (all in the attached CSV)`] : []), ''] : []),
    ...(stories.length ? ['Busiest stories:', ...stories, ''] : []),
    ...(officers.length ? ['Officers:', ...officers, ''] : []),
    `The dashboard: ${link}`,
    `Definitions of every number: docs/metrics.md. You get this mail because you switched on the ${report.frequency} digest on the metrics page; switch it off there.`,
  ].join('\n');
}

function digestHtml(report: DigestReport, recipient: { name: string }, link: string): string {
  const word = periodWord(report.frequency);
  const t = report.current;
  const h2 = 'font-size:16px;margin:24px 0 8px';
  const figureRows = report.figures.map((f) => {
    const colour = f.verdict && f.verdict !== 'same' ? COLOURS[f.verdict] : COLOURS.same;
    const arrow = f.direction ? ARROWS[f.direction] : '';
    return html`<tr><th scope="row" style="${CELL};font-weight:400">${FIGURE_LABELS[f.figure]}</th><td style="${NUM};font-weight:600">${formatFigure(f.figure, f.current)}</td><td style="${NUM};color:#555555">${formatFigure(f.figure, f.previous)}</td><td style="${NUM};color:${colour}">${arrow} ${formatChange(f)}${f.verdict === 'better' || f.verdict === 'worse' ? ` (${f.verdict})` : ''}</td></tr>`;
  });
  const chartRows = report.chart.map((p) => {
    const width = p.rate === null ? 0 : Math.round(p.rate * 200);
    return html`<tr><td style="padding:2px 8px 2px 0;white-space:nowrap;font-size:12px">${chartLabel(p.period, report.frequency)}</td><td style="padding:2px 0"><table role="presentation" cellpadding="0" cellspacing="0" border="0" width="200"><tr>${width > 0 ? html`<td width="${width}" height="12" bgcolor="#2f6fde" style="background:#2f6fde;height:12px;font-size:0;line-height:0">&nbsp;</td>` : ''}${width < 200 ? html`<td width="${200 - width}" height="12" bgcolor="#e8eefb" style="background:#e8eefb;height:12px;font-size:0;line-height:0">&nbsp;</td>` : ''}</tr></table></td><td style="padding:2px 0 2px 8px;font-size:12px;white-space:nowrap">${p.rate === null ? 'no deadlines' : `${percent(p.rate)} of ${p.decided}`}</td></tr>`;
  });
  const shown = report.misses.slice(0, MISSES_IN_MAIL);
  const more = t.deadlines.missed - shown.length;
  const missRows = shown.map(
    (m) =>
      html`<tr><td style="${CELL};white-space:nowrap"><a href="${`${report.publicUrl}/tickets/${m.reference}`}">${m.reference}</a></td><td style="${CELL}">${m.subject}</td><td style="${CELL}">${journalistName(m)}</td><td style="${CELL}">${m.outlet?.name ?? '-'}</td><td style="${CELL}">${m.officer?.name ?? 'Unassigned'}</td><td style="${CELL};white-space:nowrap">${officeTime(m.deadlineAt, report.timeZone)}</td><td style="${CELL};white-space:nowrap;color:#b42318">${howLate(m)}</td></tr>`,
  );
  const storyRows = report.stories.map((s) => html`<tr><td style="${CELL}">${s.title}</td><td style="${NUM}">${s.received}</td><td style="${NUM}">${s.open}</td></tr>`);
  const officerRows = report.officers.map(
    (g) =>
      html`<tr><td style="${CELL}">${g.label}</td><td style="${NUM}">${g.values.assigned}</td><td style="${NUM}">${formatDuration(g.values.firstResponseTime.medianSeconds)}</td><td style="${NUM}">${percent(g.values.deadlines.hitRate)}</td></tr>`,
  );
  const table = (head: string[], rows: SafeHtml[]) =>
    html`<table role="table" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:14px;width:100%;max-width:720px"><thead><tr>${head.map((cell) => html`<th scope="col" style="${HEAD}">${cell}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;

  const body = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>${digestSubject(report)}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;color:#1f1f1f;background:#ffffff">
<p style="margin:0 0 12px">Hello ${recipient.name},</p>
<p style="margin:0 0 16px">The press office's ${periodTitle(report)} (${report.timeZone}), against the ${word} before (${report.previousFrom}${report.previousFrom === report.previousTo ? '' : ` to ${report.previousTo}`}).</p>
<p style="margin:0 0 16px;font-size:22px;font-weight:700;color:${t.deadlines.missed ? '#b42318' : '#1a7f37'}">${t.deadlines.missed} deadline${t.deadlines.missed === 1 ? '' : 's'} missed · ${percent(t.deadlines.hitRate)} met (${t.deadlines.met} of ${t.deadlines.met + t.deadlines.missed})</p>
<h2 style="${h2}">The figures</h2>
${table(['', `This ${word}`, `${word[0].toUpperCase()}${word.slice(1)} before`, 'Change'], figureRows)}
<h2 style="${h2}">Deadlines met per ${word}</h2>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse">${chartRows}</table>
${shown.length ? html`<h2 style="${h2}">Deadlines missed</h2>${table(['Ticket', 'Subject', 'Journalist', 'Outlet', 'Officer', 'Deadline', 'How late'], missRows)}${more > 0 ? html`<p style="margin:8px 0;font-size:13px">and ${more} more: every miss is in the attached CSV and <a href="${link}">on the dashboard</a>.</p>` : ''}` : ''}
${storyRows.length ? html`<h2 style="${h2}">Busiest stories</h2>${table(['Story', 'Inquiries', 'Still open'], storyRows)}` : ''}
${officerRows.length ? html`<h2 style="${h2}">Officers</h2>${table(['Officer', 'Assigned', 'First response', 'Deadlines met'], officerRows)}` : ''}
<p style="margin:24px 0 4px"><a href="${link}">Open the metrics dashboard</a></p>
<p style="margin:0;font-size:12px;color:#555555">Definitions of every number: docs/metrics.md. You get this mail because you switched on the ${report.frequency} digest on the metrics page; switch it off there.</p>
</body></html>`;
  return body.value;
}

export const FIGURES_CSV_HEADER = ['from', 'to', 'previous_from', 'previous_to', 'figure', 'unit', 'current', 'previous', 'change', 'direction', 'verdict'];

function figuresCsv(report: DigestReport): string {
  return csv(
    FIGURES_CSV_HEADER,
    report.figures.map((f): Cell[] => [report.from, report.to, report.previousFrom, report.previousTo, f.figure, FIGURE_UNITS[f.figure], f.current, f.previous, f.change, f.direction, f.verdict]),
  );
}

export const MISSES_CSV_HEADER = ['reference', 'subject', 'journalist', 'journalist_email', 'outlet', 'tier', 'officer', 'deadline_at', 'answered_at', 'late_seconds'];

function missesCsv(report: DigestReport): string {
  return deadlineMissesCsv(report.misses);
}

/** Missed deadlines as CSV (late_seconds only for late replies: an open miss grows by the minute). */
export function deadlineMissesCsv(misses: DeadlineMissDto[]): string {
  return csv(
    MISSES_CSV_HEADER,
    misses.map((m): Cell[] => [
      m.reference,
      m.subject,
      m.journalist?.name ?? null,
      m.journalist?.email ?? null,
      m.outlet?.name ?? null,
      m.outlet?.tier ?? null,
      m.officer?.name ?? null,
      m.deadlineAt,
      m.answeredAt,
      m.answeredAt ? m.lateSeconds : null,
    ]),
  );
}
