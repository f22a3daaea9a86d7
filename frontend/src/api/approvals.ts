import type { ApprovalDto, ApprovalRuleDto, ApprovalStatus, StatementApprovalDto } from '@newsdesk/shared';
import { request, send } from './client';

/** Newest first (at most 200). */
export function listApprovals(status: ApprovalStatus | undefined, signal?: AbortSignal): Promise<ApprovalDto[]> {
  return request<ApprovalDto[]>('/api/approvals', { query: { status }, signal });
}

export interface ApproveInput {
  /** An edited text: approving locks it as a new version. */
  body?: string;
  comment?: string;
}

export function approveReply(id: string, input: ApproveInput): Promise<ApprovalDto> {
  return request<ApprovalDto>(`/api/approvals/${encodeURIComponent(id)}/approve`, { method: 'POST', body: input });
}

/** The draft stays on the thread with the comment; nothing is sent. */
export function rejectReply(id: string, comment: string): Promise<ApprovalDto> {
  return request<ApprovalDto>(`/api/approvals/${encodeURIComponent(id)}/reject`, { method: 'POST', body: { comment } });
}

export function listApprovalRules(signal?: AbortSignal): Promise<ApprovalRuleDto[]> {
  return request<ApprovalRuleDto[]>('/api/approval-rules', { signal });
}

export interface NewApprovalRule {
  kind: ApprovalRuleDto['kind'];
  /** The topic (tag) or outlet tier; none for `all_statements`. */
  value?: string;
}

export function createApprovalRule(rule: NewApprovalRule): Promise<ApprovalRuleDto> {
  return request<ApprovalRuleDto>('/api/approval-rules', { method: 'POST', body: rule });
}

export function deleteApprovalRule(id: string): Promise<void> {
  return send(`/api/approval-rules/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Statement versions waiting for approval: every one for managers and admins, one's own for others. */
export function listStatementApprovals(signal?: AbortSignal): Promise<StatementApprovalDto[]> {
  return request<StatementApprovalDto[]>('/api/statement-approvals', { signal });
}
