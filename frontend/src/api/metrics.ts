import type {
  MetricClock,
  MetricGranularity,
  MetricGroup,
  MetricName,
  MetricsDigestSubscriptionDto,
  MetricsOptionsDto,
  MetricsSeriesDto,
  MetricsSummaryDto,
  MetricTicketDto,
  OutletTier,
  Page,
  RequestType,
  TicketChannel,
} from '@newsdesk/shared';
import { request, type QueryParams } from './client';

/** Range (office-local dates) and filters shared by every metrics request. */
export interface MetricsQuery {
  from?: string;
  to?: string;
  officer?: string;
  team?: string;
  outlet?: string;
  tier?: OutletTier;
  topic?: string;
  channel?: TicketChannel;
  requestType?: RequestType;
  clock?: MetricClock;
}

export interface MetricsSummaryQuery extends MetricsQuery {
  groupBy?: MetricGroup;
}

export interface MetricsSeriesQuery extends MetricsSummaryQuery {
  metric: MetricName;
  granularity: MetricGranularity;
}

export interface MetricTicketsQuery extends MetricsQuery {
  metric: MetricName;
}

function params(query: object): QueryParams {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')) as QueryParams;
}

export function getMetricsSummary(query: MetricsSummaryQuery, signal?: AbortSignal): Promise<MetricsSummaryDto> {
  return request<MetricsSummaryDto>('/api/metrics/summary', { query: params(query), signal });
}

export function getMetricsSeries(query: MetricsSeriesQuery, signal?: AbortSignal): Promise<MetricsSeriesDto> {
  return request<MetricsSeriesDto>('/api/metrics/series', { query: params(query), signal });
}

export function getMetricTickets(query: MetricTicketsQuery, cursor: string | null, signal?: AbortSignal): Promise<Page<MetricTicketDto>> {
  return request<Page<MetricTicketDto>>('/api/metrics/tickets', { query: params({ ...query, cursor: cursor ?? undefined }), signal });
}

export function getMetricsOptions(signal?: AbortSignal): Promise<MetricsOptionsDto> {
  return request<MetricsOptionsDto>('/api/metrics/options', { signal });
}

export function getDigestSubscription(signal?: AbortSignal): Promise<MetricsDigestSubscriptionDto> {
  return request<MetricsDigestSubscriptionDto>('/api/metrics/digest-subscription', { signal });
}

export function setDigestSubscription(subscribed: boolean): Promise<MetricsDigestSubscriptionDto> {
  return request<MetricsDigestSubscriptionDto>('/api/metrics/digest-subscription', { method: 'PUT', body: { subscribed } });
}

/** Address of a CSV download for the same query (a plain link: the session cookie authenticates it). */
export function metricsCsvUrl(kind: 'summary' | 'series', query: MetricsSummaryQuery | MetricsSeriesQuery): string {
  return `/api/metrics/${kind}?${new URLSearchParams({ ...params(query), format: 'csv' } as Record<string, string>).toString()}`;
}
