import type {
  CreateStatementRequest,
  Page,
  SendTicketStatementRequest,
  StatementDeliveryDto,
  StatementDetailDto,
  StatementSendResultDto,
  StatementStatus,
  StatementSummaryDto,
  UpdateStatementRequest,
} from '@newsdesk/shared';
import { request } from './client';

export interface StatementFilters {
  q?: string;
  topic?: string;
  status?: StatementStatus;
  /** Only those past their review date. */
  stale?: boolean;
}

/** By title. */
export function listStatements(filters: StatementFilters, cursor: string | null, signal?: AbortSignal, limit?: number): Promise<Page<StatementSummaryDto>> {
  const { stale, ...rest } = filters;
  return request<Page<StatementSummaryDto>>('/api/statements', {
    query: { ...rest, stale: stale ? 'true' : undefined, cursor: cursor ?? undefined, limit: limit === undefined ? undefined : String(limit) },
    signal,
  });
}

/** A statement with every version, newest first. */
export function getStatement(id: string, signal?: AbortSignal): Promise<StatementDetailDto> {
  return request<StatementDetailDto>(`/api/statements/${encodeURIComponent(id)}`, { signal });
}

/** Version 1 is a draft until a manager or admin approves it. */
export function createStatement(statement: CreateStatementRequest): Promise<StatementDetailDto> {
  return request<StatementDetailDto>('/api/statements', { method: 'POST', body: statement });
}

export function updateStatement(id: string, patch: UpdateStatementRequest): Promise<StatementDetailDto> {
  return request<StatementDetailDto>(`/api/statements/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

/** A new wording as a draft; the approved one stays in force until this is approved. */
export function addStatementVersion(id: string, body: string): Promise<StatementDetailDto> {
  return request<StatementDetailDto>(`/api/statements/${encodeURIComponent(id)}/versions`, { method: 'POST', body: { body } });
}

export function approveStatementVersion(id: string, versionId: string): Promise<StatementDetailDto> {
  return request<StatementDetailDto>(`/api/statements/${encodeURIComponent(id)}/versions/${encodeURIComponent(versionId)}/approve`, { method: 'POST' });
}

export function retireStatement(id: string): Promise<StatementDetailDto> {
  return request<StatementDetailDto>(`/api/statements/${encodeURIComponent(id)}/retire`, { method: 'POST' });
}

/** Which version went to which journalist and outlet, and when; newest first. */
export function listStatementDeliveries(id: string, cursor: string | null, signal?: AbortSignal): Promise<Page<StatementDeliveryDto>> {
  return request<Page<StatementDeliveryDto>>(`/api/statements/${encodeURIComponent(id)}/deliveries`, { query: { cursor: cursor ?? undefined }, signal });
}

/** Sends the statement's approved version as a reply on one ticket and records the delivery. */
export function sendTicketStatement(ticketId: string, input: SendTicketStatementRequest): Promise<StatementSendResultDto> {
  return request<StatementSendResultDto>(`/api/tickets/${encodeURIComponent(ticketId)}/statement`, { method: 'POST', body: input });
}
