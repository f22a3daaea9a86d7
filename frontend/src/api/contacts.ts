import type {
  CreateOutletRequest,
  JournalistDetailDto,
  JournalistSummaryDto,
  OutletDetailDto,
  OutletSummaryDto,
  Page,
  UpdateJournalistRequest,
  UpdateOutletRequest,
} from '@newsdesk/shared';
import { request } from './client';

export interface ContactFilters {
  q?: string;
  outlet?: string;
}

export function listJournalists(filters: ContactFilters, cursor: string | null, signal?: AbortSignal): Promise<Page<JournalistSummaryDto>> {
  return request<Page<JournalistSummaryDto>>('/api/journalists', { query: { ...filters, cursor: cursor ?? undefined }, signal });
}

/** A journalist with their most recent inquiries. */
export function getJournalist(id: string, signal?: AbortSignal): Promise<JournalistDetailDto> {
  return request<JournalistDetailDto>(`/api/journalists/${encodeURIComponent(id)}`, { signal });
}

export function updateJournalist(id: string, patch: UpdateJournalistRequest): Promise<JournalistDetailDto> {
  return request<JournalistDetailDto>(`/api/journalists/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

/** Moves everything of `id` onto `intoId` and removes `id`; answers the survivor. */
export function mergeJournalist(id: string, intoId: string): Promise<JournalistDetailDto> {
  return request<JournalistDetailDto>(`/api/journalists/${encodeURIComponent(id)}/merge`, { method: 'POST', body: { intoId } });
}

export function listOutlets(filters: Pick<ContactFilters, 'q'>, cursor: string | null, signal?: AbortSignal): Promise<Page<OutletSummaryDto>> {
  return request<Page<OutletSummaryDto>>('/api/outlets', { query: { ...filters, cursor: cursor ?? undefined }, signal });
}

export function getOutlet(id: string, signal?: AbortSignal): Promise<OutletDetailDto> {
  return request<OutletDetailDto>(`/api/outlets/${encodeURIComponent(id)}`, { signal });
}

export function createOutlet(outlet: CreateOutletRequest): Promise<OutletDetailDto> {
  return request<OutletDetailDto>('/api/outlets', { method: 'POST', body: outlet });
}

export function updateOutlet(id: string, patch: UpdateOutletRequest): Promise<OutletDetailDto> {
  return request<OutletDetailDto>(`/api/outlets/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

export function mergeOutlet(id: string, intoId: string): Promise<OutletDetailDto> {
  return request<OutletDetailDto>(`/api/outlets/${encodeURIComponent(id)}/merge`, { method: 'POST', body: { intoId } });
}
