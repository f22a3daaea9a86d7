import type { OutletRefDto, OutletTier, Page, TicketSummaryDto } from '@newsdesk/shared';
import { request } from './client';

// Contracts of the contacts API; they move to shared/src/contacts.ts when the backend lands them.

export interface JournalistDto {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  outlet: OutletRefDto | null;
  beat: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A journalist with their earlier inquiries, newest first. */
export interface JournalistDetailDto extends JournalistDto {
  tickets?: TicketSummaryDto[];
}

export interface OutletDto {
  id: string;
  name: string;
  domains: string[];
  tier: OutletTier | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OutletDetailDto extends OutletDto {
  journalists?: JournalistDto[];
  tickets?: TicketSummaryDto[];
}

export interface ContactFilters {
  q?: string;
  outlet?: string;
}

export function listJournalists(filters: ContactFilters, cursor: string | null, signal?: AbortSignal): Promise<Page<JournalistDto>> {
  return request<Page<JournalistDto>>('/api/journalists', { query: { ...filters, cursor: cursor ?? undefined }, signal });
}

export function getJournalist(id: string, signal?: AbortSignal): Promise<JournalistDetailDto> {
  return request<JournalistDetailDto>(`/api/journalists/${encodeURIComponent(id)}`, { signal });
}

export interface JournalistPatch {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  outletId?: string | null;
  beat?: string | null;
  notes?: string | null;
}

export function updateJournalist(id: string, patch: JournalistPatch): Promise<JournalistDetailDto> {
  return request<JournalistDetailDto>(`/api/journalists/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

/** Moves everything of `id` onto `intoId` and removes `id`. */
export function mergeJournalist(id: string, intoId: string): Promise<JournalistDetailDto> {
  return request<JournalistDetailDto>(`/api/journalists/${encodeURIComponent(id)}/merge`, { method: 'POST', body: { intoId } });
}

export function listOutlets(filters: Pick<ContactFilters, 'q'>, cursor: string | null, signal?: AbortSignal): Promise<Page<OutletDto>> {
  return request<Page<OutletDto>>('/api/outlets', { query: { ...filters, cursor: cursor ?? undefined }, signal });
}

export function getOutlet(id: string, signal?: AbortSignal): Promise<OutletDetailDto> {
  return request<OutletDetailDto>(`/api/outlets/${encodeURIComponent(id)}`, { signal });
}

export interface OutletInput {
  name: string;
  domains?: string[];
  tier?: OutletTier | null;
  notes?: string | null;
}

export function createOutlet(outlet: OutletInput): Promise<OutletDetailDto> {
  return request<OutletDetailDto>('/api/outlets', { method: 'POST', body: outlet });
}

export function updateOutlet(id: string, patch: Partial<OutletInput>): Promise<OutletDetailDto> {
  return request<OutletDetailDto>(`/api/outlets/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

export function mergeOutlet(id: string, intoId: string): Promise<OutletDetailDto> {
  return request<OutletDetailDto>(`/api/outlets/${encodeURIComponent(id)}/merge`, { method: 'POST', body: { intoId } });
}
