import type { OutletTier, Page, ResponseTargetDto, ResponseTargetInput, TargetBreachDto, TargetGroup, TargetOutcomesDto } from '@newsdesk/shared';
import { request, type QueryParams } from './client';

/** Range and filters of the hits-and-breaches reads (office-local dates, both inclusive). */
export interface TargetOutcomesQuery {
  from?: string;
  to?: string;
  groupBy?: TargetGroup;
  officer?: string;
  tier?: OutletTier | 'none';
  topic?: string;
}

function params(query: object): QueryParams {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== '')) as QueryParams;
}

export function listResponseTargets(signal?: AbortSignal): Promise<ResponseTargetDto[]> {
  return request<ResponseTargetDto[]>('/api/response-targets', { signal });
}

export function createResponseTarget(input: ResponseTargetInput): Promise<ResponseTargetDto> {
  return request<ResponseTargetDto>('/api/response-targets', { method: 'POST', body: input });
}

export function updateResponseTarget(id: string, minutes: number): Promise<ResponseTargetDto> {
  return request<ResponseTargetDto>(`/api/response-targets/${encodeURIComponent(id)}`, { method: 'PATCH', body: { minutes } });
}

export function deleteResponseTarget(id: string): Promise<void> {
  return request<void>(`/api/response-targets/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function getTargetOutcomes(query: TargetOutcomesQuery, signal?: AbortSignal): Promise<TargetOutcomesDto> {
  return request<TargetOutcomesDto>('/api/metrics/targets', { query: params(query), signal });
}

export function getTargetBreaches(query: TargetOutcomesQuery, cursor: string | null, signal?: AbortSignal): Promise<Page<TargetBreachDto>> {
  return request<Page<TargetBreachDto>>('/api/metrics/targets/breaches', { query: params({ ...query, groupBy: undefined, cursor: cursor ?? undefined }), signal });
}
