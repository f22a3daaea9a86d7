import type { IntakeDoor, IntakeHealthDto, IntakeMessageDto, IntakeOutcome, IntakeResultDto, OutboundKind, OutboxPageDto, DeliveryStatus, Page, SettingsDto } from '@newsdesk/shared';
import { request } from './client';

export function getSettings(signal?: AbortSignal): Promise<SettingsDto> {
  return request<SettingsDto>('/api/settings', { signal });
}

export interface IntakeLogFilters {
  outcome?: IntakeOutcome;
  door?: IntakeDoor;
}

export function listIntakeMessages(filters: IntakeLogFilters, cursor: string | null, signal?: AbortSignal): Promise<Page<IntakeMessageDto>> {
  return request<Page<IntakeMessageDto>>('/api/intake/messages', { query: { ...filters, cursor: cursor ?? undefined }, signal });
}

export function getIntakeHealth(signal?: AbortSignal): Promise<IntakeHealthDto> {
  return request<IntakeHealthDto>('/api/intake/health', { signal });
}

export function reprocessIntakeMessage(id: string): Promise<IntakeResultDto> {
  return request<IntakeResultDto>(`/api/intake/messages/${encodeURIComponent(id)}/reprocess`, { method: 'POST' });
}

export function intakeRawUrl(id: string): string {
  return `/api/intake/messages/${encodeURIComponent(id)}/raw`;
}

export interface OutboxFilters {
  status?: DeliveryStatus;
  kind?: OutboundKind;
}

export function listOutbox(filters: OutboxFilters, cursor: string | null, signal?: AbortSignal): Promise<OutboxPageDto> {
  return request<OutboxPageDto>('/api/outbox', { query: { ...filters, cursor: cursor ?? undefined }, signal });
}

export function outboxEmlUrl(id: string): string {
  return `/api/outbox/${encodeURIComponent(id)}/eml`;
}

export function sendTestMail(to: string): Promise<{ id: string }> {
  return request<{ id: string }>('/api/outbox/test', { method: 'POST', body: { to } });
}
