import type { ApprovalDto, ApprovalRuleDto, ApprovalStatus, ApproveRequest, CreateApprovalRuleRequest, StatementApprovalDto } from '@newsdesk/shared';
import { request, send } from './client';

/** Newest first (at most 200). */
export function listApprovals(status: ApprovalStatus | undefined, signal?: AbortSignal): Promise<ApprovalDto[]> {
  return request<ApprovalDto[]>('/api/approvals', { query: { status }, signal });
}

export function approveReply(id: string, input: ApproveRequest): Promise<ApprovalDto> {
  return request<ApprovalDto>(`/api/approvals/${encodeURIComponent(id)}/approve`, { method: 'POST', body: input });
}

/** The draft stays on the thread with the comment; nothing is sent. */
export function rejectReply(id: string, comment: string): Promise<ApprovalDto> {
  return request<ApprovalDto>(`/api/approvals/${encodeURIComponent(id)}/reject`, { method: 'POST', body: { comment } });
}

export function listApprovalRules(signal?: AbortSignal): Promise<ApprovalRuleDto[]> {
  return request<ApprovalRuleDto[]>('/api/approval-rules', { signal });
}

export function createApprovalRule(rule: CreateApprovalRuleRequest): Promise<ApprovalRuleDto> {
  return request<ApprovalRuleDto>('/api/approval-rules', { method: 'POST', body: rule });
}

export function deleteApprovalRule(id: string): Promise<void> {
  return send(`/api/approval-rules/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Statement versions waiting for approval: every one for managers and admins, one's own for others. */
export function listStatementApprovals(signal?: AbortSignal): Promise<StatementApprovalDto[]> {
  return request<StatementApprovalDto[]>('/api/statement-approvals', { signal });
}
