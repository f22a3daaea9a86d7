import type { RequestType, TicketChannel } from './tickets.js';
import type { OutletTier } from './contacts.js';

/**
 * What a metric can be broken down by. `officer` is the officer holding the ticket when the
 * measured moment happened; `team` is that officer's team; the rest are the ticket's current values.
 */
export const METRIC_GROUPS = ['officer', 'team', 'outlet', 'tier', 'topic', 'channel', 'requestType'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

/** Series buckets, in the office's time zone; weeks start on Monday. */
export const METRIC_GRANULARITIES = ['day', 'week', 'month'] as const;
export type MetricGranularity = (typeof METRIC_GRANULARITIES)[number];

/** `calendar`: elapsed time; `business`: only time inside office hours (OFFICE_HOURS, OFFICE_HOLIDAYS). */
export const METRIC_CLOCKS = ['calendar', 'business'] as const;
export type MetricClock = (typeof METRIC_CLOCKS)[number];

/** Every metric a series, a CSV export or a "tickets behind the number" list can ask for. See docs/metrics.md. */
export const METRICS = [
  'received',
  'assigned',
  'timeToAcknowledge',
  'firstResponseTime',
  'resolutionTime',
  'deadlineHitRate',
  'deadlinesMet',
  'deadlinesMissed',
  'deadlinesPending',
  'noDeadline',
  'reopens',
  'backlog',
] as const;
export type MetricName = (typeof METRICS)[number];

/** How a metric's `value` reads: a number of tickets, a duration in seconds, or a share from 0 to 1. */
export type MetricUnit = 'count' | 'seconds' | 'ratio';

export const METRIC_UNITS = {
  received: 'count',
  assigned: 'count',
  timeToAcknowledge: 'seconds',
  firstResponseTime: 'seconds',
  resolutionTime: 'seconds',
  deadlineHitRate: 'ratio',
  deadlinesMet: 'count',
  deadlinesMissed: 'count',
  deadlinesPending: 'count',
  noDeadline: 'count',
  reopens: 'count',
  backlog: 'count',
} as const satisfies Record<MetricName, MetricUnit>;

/** Filters every metrics endpoint takes; `none` selects tickets without an officer, outlet or topic. */
export interface MetricFiltersDto {
  officer?: string;
  team?: string;
  outlet?: string;
  tier?: OutletTier;
  topic?: string;
  channel?: TicketChannel;
  requestType?: RequestType;
}

/** Range (office-local dates, both inclusive) and filters every metrics request takes. */
export interface MetricsQueryParams extends MetricFiltersDto {
  /** First day (YYYY-MM-DD); default 29 days before `to`. */
  from?: string;
  /** Last day (YYYY-MM-DD), at most today; default today. */
  to?: string;
  /** `business` counts only office hours (needs OFFICE_HOURS). */
  clock?: MetricClock;
}

/** `GET /api/metrics/summary`. */
export interface MetricsSummaryParams extends MetricsQueryParams {
  groupBy?: MetricGroup;
}

/** `GET /api/metrics/series`. */
export interface MetricsSeriesParams extends MetricsSummaryParams {
  metric: MetricName;
  granularity?: MetricGranularity;
}

/** `GET /api/metrics/tickets`: the tickets behind one number (paged). */
export interface MetricTicketsParams extends MetricsQueryParams {
  metric: MetricName;
}

/** Median and 90th percentile (nearest rank) of a set of durations, in whole seconds. */
export interface DurationStatsDto {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface DeadlineStatsDto {
  /** First public reply at or before the deadline. */
  met: number;
  /** Deadline passed with no public reply at or before it. */
  missed: number;
  /** Deadline still ahead and not yet answered (only for ranges that include today). */
  pending: number;
  /** met / (met + missed); null when there is neither. */
  hitRate: number | null;
  /** Inquiries received in the range with no deadline; reported apart, never counted as met or missed. */
  noDeadline: number;
}

/** The headline numbers for one range (and one group). */
export interface MetricValuesDto {
  received: number;
  assigned: number;
  timeToAcknowledge: DurationStatsDto;
  firstResponseTime: DurationStatsDto;
  /** Final resolutions in the range; `reopened` of them had been reopened before. */
  resolutionTime: DurationStatsDto & { reopened: number };
  reopens: number;
  deadlines: DeadlineStatsDto;
  /** Unresolved inquiries at the end of the range. */
  backlog: number;
}

export interface MetricGroupValuesDto {
  /** Officer/team/outlet id, tier, topic, channel or request type; null for "none". */
  key: string | null;
  label: string;
  values: MetricValuesDto;
}

/** `GET /api/metrics/summary` */
export interface MetricsSummaryDto {
  from: string;
  to: string;
  timeZone: string;
  clock: MetricClock;
  filters: MetricFiltersDto;
  groupBy: MetricGroup | null;
  totals: MetricValuesDto;
  groups: MetricGroupValuesDto[];
  /** `rollups`: stored closed days plus today computed live; `live`: everything computed from the tickets. */
  source: 'rollups' | 'live';
  generatedAt: string;
}

export interface MetricSeriesPointDto {
  /** First day of the bucket (clipped to the range), YYYY-MM-DD. */
  period: string;
  group: string | null;
  label: string | null;
  /** The count, the median in seconds, the hit rate, or the backlog at the bucket's end. */
  value: number | null;
  /** Tickets the value is computed from (met + missed for the hit rate). */
  count: number;
  /** Durations only. */
  p90Seconds: number | null;
}

/** `GET /api/metrics/series` */
export interface MetricsSeriesDto {
  metric: MetricName;
  unit: MetricUnit;
  granularity: MetricGranularity;
  from: string;
  to: string;
  timeZone: string;
  clock: MetricClock;
  filters: MetricFiltersDto;
  groupBy: MetricGroup | null;
  points: MetricSeriesPointDto[];
  source: 'rollups' | 'live';
}

/** One ticket behind a number (`GET /api/metrics/tickets`). */
export interface MetricTicketDto {
  id: string;
  reference: string;
  subject: string;
  /** The moment that put the ticket in the number (received, replied, resolved, deadline…). */
  at: string;
  /** The duration measured, for time metrics. */
  seconds: number | null;
  deadlineAt: string | null;
  officer: { id: string; name: string } | null;
  outlet: { id: string; name: string } | null;
}

/** What the metrics filters can be set to. */
export interface MetricsOptionsDto {
  timeZone: string;
  /** Office hours as configured, or null when business-hours figures are off. */
  businessHours: string | null;
  officers: { id: string; name: string }[];
  teams: { id: string; name: string }[];
  outlets: { id: string; name: string; tier: OutletTier | null }[];
  topics: string[];
}

/** The signed-in manager's weekly digest switch. */
export interface MetricsDigestSubscriptionDto {
  subscribed: boolean;
}

/** A team of officers, for metrics by team. */
export interface TeamDto {
  id: string;
  name: string;
  members: { id: string; name: string }[];
}
