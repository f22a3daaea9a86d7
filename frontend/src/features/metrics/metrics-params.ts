import {
  METRIC_CLOCKS,
  METRIC_GRANULARITIES,
  OUTLET_TIERS,
  REQUEST_TYPES,
  TICKET_CHANNELS,
  type MetricGranularity,
  type MetricName,
  type MetricsQueryParams,
} from '@newsdesk/shared';

/** Metrics the trend chart offers, in menu order. */
export const TREND_METRICS = ['received', 'firstResponseTime', 'deadlineHitRate', 'resolutionTime', 'backlog', 'reopens', 'timeToAcknowledge'] as const satisfies readonly MetricName[];
export type TrendMetric = (typeof TREND_METRICS)[number];

export const METRIC_LABELS: Record<MetricName, string> = {
  received: 'Inquiries received',
  assigned: 'Assignments',
  timeToAcknowledge: 'Time to acknowledge',
  firstResponseTime: 'First response',
  resolutionTime: 'Resolution time',
  deadlineHitRate: 'Deadlines met',
  deadlinesMet: 'Deadlines met',
  deadlinesMissed: 'Deadlines missed',
  deadlinesPending: 'Deadlines pending',
  noDeadline: 'Without a deadline',
  reopens: 'Reopened',
  backlog: 'Open (backlog)',
};

export interface MetricsView {
  query: MetricsQueryParams;
  trend: TrendMetric;
  granularity: MetricGranularity;
}

const pickFrom = <T extends string>(values: readonly T[], value: string | null): T | undefined => values.find((candidate) => candidate === value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The page's filters live in the address, so a view can be bookmarked and shared. */
export function readMetricsView(params: URLSearchParams): MetricsView {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const date = (name: string) => (DATE.test(params.get(name) ?? '') ? params.get(name)! : undefined);
  return {
    query: {
      from: date('from'),
      to: date('to'),
      officer: text('officer'),
      team: text('team'),
      outlet: text('outlet'),
      tier: pickFrom(OUTLET_TIERS, params.get('tier')),
      topic: text('topic'),
      channel: pickFrom(TICKET_CHANNELS, params.get('channel')),
      requestType: pickFrom(REQUEST_TYPES, params.get('requestType')),
      clock: pickFrom(METRIC_CLOCKS, params.get('clock')),
    },
    trend: pickFrom(TREND_METRICS, params.get('trend')) ?? 'received',
    granularity: pickFrom(METRIC_GRANULARITIES, params.get('granularity')) ?? 'week',
  };
}

export function toMetricsSearchParams(view: MetricsView): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(view.query)) if (value) params.set(name, value);
  if (view.trend !== 'received') params.set('trend', view.trend);
  if (view.granularity !== 'week') params.set('granularity', view.granularity);
  return params;
}

/** YYYY-MM-DD of a local date `days` after `date`. */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** Last day of the bucket starting `period` (weeks end on Sunday), within the range. */
export function bucketEnd(period: string, granularity: MetricGranularity, rangeTo: string): string {
  let last: string;
  if (granularity === 'day') last = period;
  else if (granularity === 'week') last = shiftDate(period, 6 - ((new Date(`${period}T00:00:00Z`).getUTCDay() + 6) % 7));
  else {
    const [year, month] = period.split('-').map(Number);
    last = shiftDate(month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`, -1);
  }
  return last < rangeTo ? last : rangeTo;
}

/** "42 min", "3 h 10 min", "2 d 3 h"; "—" when there is nothing to measure. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)} d`;
}

export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

export function formatDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
