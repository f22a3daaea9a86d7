import type { MetricsSeriesDto, MetricsSummaryDto, MetricValuesDto } from '@newsdesk/shared';

export type Cell = string | number | null;

/** One CSV field: RFC 4180 quoting; text a spreadsheet would run as a formula is defused with a leading quote. */
function field(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

export const SUMMARY_CSV_HEADER = [
  'from',
  'to',
  'time_zone',
  'clock',
  'group_by',
  'group',
  'label',
  'received',
  'assigned',
  'acknowledged',
  'time_to_acknowledge_median_seconds',
  'time_to_acknowledge_p90_seconds',
  'first_responses',
  'first_response_median_seconds',
  'first_response_p90_seconds',
  'resolved',
  'resolved_after_reopen',
  'resolution_median_seconds',
  'resolution_p90_seconds',
  'reopens',
  'deadlines_met',
  'deadlines_missed',
  'deadlines_pending',
  'deadline_hit_rate',
  'no_deadline',
  'backlog_at_end',
];

function valueCells(values: MetricValuesDto): Cell[] {
  return [
    values.received,
    values.assigned,
    values.timeToAcknowledge.count,
    values.timeToAcknowledge.medianSeconds,
    values.timeToAcknowledge.p90Seconds,
    values.firstResponseTime.count,
    values.firstResponseTime.medianSeconds,
    values.firstResponseTime.p90Seconds,
    values.resolutionTime.count,
    values.resolutionTime.reopened,
    values.resolutionTime.medianSeconds,
    values.resolutionTime.p90Seconds,
    values.reopens,
    values.deadlines.met,
    values.deadlines.missed,
    values.deadlines.pending,
    values.deadlines.hitRate,
    values.deadlines.noDeadline,
    values.backlog,
  ];
}

/** The summary as CSV: a "total" row, then one row per group. */
export function summaryToCsv(summary: MetricsSummaryDto): string {
  const lead = (group: string | null, label: string): Cell[] => [summary.from, summary.to, summary.timeZone, summary.clock, summary.groupBy, group, label];
  return csv(SUMMARY_CSV_HEADER, [
    [...lead('total', 'Total'), ...valueCells(summary.totals)],
    ...summary.groups.map((group) => [...lead(group.key ?? 'none', group.label), ...valueCells(group.values)]),
  ]);
}

export const SERIES_CSV_HEADER = ['metric', 'unit', 'granularity', 'period', 'group', 'label', 'value', 'count', 'p90_seconds'];

export function seriesToCsv(series: MetricsSeriesDto): string {
  return csv(
    SERIES_CSV_HEADER,
    series.points.map((point) => [
      series.metric,
      series.unit,
      series.granularity,
      point.period,
      series.groupBy ? (point.group ?? 'none') : null,
      point.label,
      point.value,
      point.count,
      point.p90Seconds,
    ]),
  );
}
