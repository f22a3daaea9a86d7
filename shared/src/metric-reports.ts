import type { OutletTier } from './contacts.js';
import type { MetricGroup, MetricValuesDto } from './metrics.js';

/** The figures a period comparison (metrics page, digest) reports, in display order. */
export const COMPARED_FIGURES = [
  'received',
  'assigned',
  'firstResponseMedian',
  'deadlineHitRate',
  'deadlinesMissed',
  'resolutionMedian',
  'acknowledgeMedian',
  'reopens',
  'backlog',
  'noDeadline',
] as const;
export type ComparedFigure = (typeof COMPARED_FIGURES)[number];

/**
 * Whether a rise is good news for a figure: `up` (the hit rate), `down` (times, misses, reopens,
 * backlog) or `neutral` (volume: more inquiries is neither better nor worse).
 */
export const FIGURE_GOOD_DIRECTION = {
  received: 'neutral',
  assigned: 'neutral',
  firstResponseMedian: 'down',
  deadlineHitRate: 'up',
  deadlinesMissed: 'down',
  resolutionMedian: 'down',
  acknowledgeMedian: 'down',
  reopens: 'down',
  backlog: 'down',
  noDeadline: 'neutral',
} as const satisfies Record<ComparedFigure, 'up' | 'down' | 'neutral'>;

export const FIGURE_UNITS = {
  received: 'count',
  assigned: 'count',
  firstResponseMedian: 'seconds',
  deadlineHitRate: 'ratio',
  deadlinesMissed: 'count',
  resolutionMedian: 'seconds',
  acknowledgeMedian: 'seconds',
  reopens: 'count',
  backlog: 'count',
  noDeadline: 'count',
} as const satisfies Record<ComparedFigure, 'count' | 'seconds' | 'ratio'>;

/** One figure now and in the period before. */
export interface FigureComparisonDto {
  figure: ComparedFigure;
  current: number | null;
  previous: number | null;
  /** current − previous (null when either is missing). */
  change: number | null;
  direction: 'up' | 'down' | 'same' | null;
  /** Whether the change is good news for this figure; `neutral` for volume figures, null when not comparable. */
  verdict: 'better' | 'worse' | 'same' | 'neutral' | null;
}

/** `GET /api/metrics/comparison`: the range against the same number of days just before it. */
export interface MetricsComparisonDto {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  timeZone: string;
  current: MetricValuesDto;
  previous: MetricValuesDto;
  figures: FigureComparisonDto[];
  groupBy: MetricGroup | null;
  /** With `groupBy`: each group of the range against the same group before (a group new in the range compares with zero). */
  groups: { key: string | null; label: string; figures: FigureComparisonDto[] }[];
}

/** One missed deadline (`GET /api/metrics/deadline-misses`): deadline passed with no public reply at or before it. */
export interface DeadlineMissDto {
  ticketId: string;
  reference: string;
  subject: string;
  deadlineAt: string;
  /** The first public reply, when it came late; null when still unanswered. */
  answeredAt: string | null;
  /** Seconds from the deadline to the late reply, or to now when unanswered. */
  lateSeconds: number;
  journalist: { id: string; name: string | null; email: string | null } | null;
  outlet: { id: string; name: string; tier: OutletTier | null } | null;
  /** The officer holding the ticket when the deadline passed (docs/metrics.md); null when unassigned. */
  officer: { id: string; name: string } | null;
}

/** How often a manager's digest mail comes: `weekly` after each office week (Monday to Sunday), `daily` after each office day. */
export const DIGEST_FREQUENCIES = ['weekly', 'daily'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** The signed-in manager's digest settings. */
export interface DigestSettingsDto {
  subscribed: boolean;
  frequency: DigestFrequency;
}

/** `GET /api/metrics/digest-preview`: the mail the signed-in manager gets next, rendered by the same code that sends it. */
export interface DigestPreviewDto {
  frequency: DigestFrequency;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The CSV files attached to the mail, content as text. */
  attachments: { filename: string; contentType: string; content: string }[];
}
