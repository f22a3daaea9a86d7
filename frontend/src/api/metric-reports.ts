import type { DeadlineMissDto, DigestFrequency, DigestPreviewDto, DigestSettingsDto, MetricsComparisonDto, MetricsQueryParams, MetricsSummaryParams, Page } from '@newsdesk/shared';
import { request, type QueryParams } from './client';

function params(query: object): QueryParams {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')) as QueryParams;
}

/** The range's figures against the same number of days just before it. */
export function getMetricsComparison(query: MetricsSummaryParams, signal?: AbortSignal): Promise<MetricsComparisonDto> {
  return request<MetricsComparisonDto>('/api/metrics/comparison', { query: params(query), signal });
}

export function getDeadlineMisses(query: MetricsQueryParams, cursor: string | null, signal?: AbortSignal): Promise<Page<DeadlineMissDto>> {
  return request<Page<DeadlineMissDto>>('/api/metrics/deadline-misses', { query: params({ ...query, cursor: cursor ?? undefined }), signal });
}

/** Address of the CSV of every miss of the range (a plain link: the session cookie authenticates it). */
export function deadlineMissesCsvUrl(query: MetricsQueryParams): string {
  return `/api/metrics/deadline-misses?${new URLSearchParams({ ...params(query), format: 'csv' } as Record<string, string>).toString()}`;
}

export function getDigestSettings(signal?: AbortSignal): Promise<DigestSettingsDto> {
  return request<DigestSettingsDto>('/api/metrics/digest-settings', { signal });
}

export function setDigestSettings(change: Partial<DigestSettingsDto>): Promise<DigestSettingsDto> {
  return request<DigestSettingsDto>('/api/metrics/digest-settings', { method: 'PUT', body: change });
}

export function getDigestPreview(frequency: DigestFrequency, signal?: AbortSignal): Promise<DigestPreviewDto> {
  return request<DigestPreviewDto>('/api/metrics/digest-preview', { query: { frequency }, signal });
}
