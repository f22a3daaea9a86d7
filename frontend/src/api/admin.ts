import type { IntakeDoor, IntakeHealthDto, IntakeMessageDto, IntakeOutcome, IntakeResultDto, OutboundKind, OutboxItemDto, DeliveryStatus, Page } from '@newsdesk/shared';
import { request } from './client';

/** GET /api/settings (admin): effective, non-secret settings. */
export interface SettingsDto {
  version: string;
  publicUrl: string;
  mailDomain: string;
  database: 'embedded' | 'external';
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxAttempts: number;
  loginLockoutMinutes: number;
  /** Newer servers may report more; shown as they come. */
  [setting: string]: unknown;
}

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

export interface OutboxPage extends Page<OutboxItemDto> {
  /** `smtp` sends to SMTP_URL; `outbox` only writes .eml files. */
  mode: 'smtp' | 'outbox';
}

export function listOutbox(filters: OutboxFilters, cursor: string | null, signal?: AbortSignal): Promise<OutboxPage> {
  return request<OutboxPage>('/api/outbox', { query: { ...filters, cursor: cursor ?? undefined }, signal });
}

export function outboxEmlUrl(id: string): string {
  return `/api/outbox/${encodeURIComponent(id)}/eml`;
}

export function sendTestMail(to: string): Promise<{ id: string }> {
  return request<{ id: string }>('/api/outbox/test', { method: 'POST', body: { to } });
}
