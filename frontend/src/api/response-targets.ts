import type { Page, ResponseTargetDto, ResponseTargetInput, TargetBreachDto, TargetOutcomesDto, TargetOutcomesParams } from '@newsdesk/shared';
import { request, type QueryParams } from './client';

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

export function getTargetOutcomes(query: TargetOutcomesParams, signal?: AbortSignal): Promise<TargetOutcomesDto> {
  return request<TargetOutcomesDto>('/api/metrics/targets', { query: params(query), signal });
}

export function getTargetBreaches(query: TargetOutcomesParams, cursor: string | null, signal?: AbortSignal): Promise<Page<TargetBreachDto>> {
  return request<Page<TargetBreachDto>>('/api/metrics/targets/breaches', { query: params({ ...query, groupBy: undefined, cursor: cursor ?? undefined }), signal });
}
