import type {
  MetricsDigestSubscriptionDto,
  MetricsOptionsDto,
  MetricsSeriesDto,
  MetricsSeriesParams,
  MetricsSummaryDto,
  MetricsSummaryParams,
  MetricTicketDto,
  MetricTicketsParams,
  Page,
} from '@newsdesk/shared';
import { request, type QueryParams } from './client';

function params(query: object): QueryParams {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')) as QueryParams;
}

export function getMetricsSummary(query: MetricsSummaryParams, signal?: AbortSignal): Promise<MetricsSummaryDto> {
  return request<MetricsSummaryDto>('/api/metrics/summary', { query: params(query), signal });
}

export function getMetricsSeries(query: MetricsSeriesParams, signal?: AbortSignal): Promise<MetricsSeriesDto> {
  return request<MetricsSeriesDto>('/api/metrics/series', { query: params(query), signal });
}

export function getMetricTickets(query: MetricTicketsParams, cursor: string | null, signal?: AbortSignal): Promise<Page<MetricTicketDto>> {
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
export function metricsCsvUrl(kind: 'summary' | 'series', query: MetricsSummaryParams | MetricsSeriesParams): string {
  return `/api/metrics/${kind}?${new URLSearchParams({ ...params(query), format: 'csv' } as Record<string, string>).toString()}`;
}
