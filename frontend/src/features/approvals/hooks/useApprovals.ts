import type { ApproveRequest } from '@newsdesk/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  approveReply,
  createApprovalRule,
  deleteApprovalRule,
  listApprovalRules,
  listApprovals,
  listStatementApprovals,
  rejectReply,
} from '../../../api/approvals';
import { approveStatementVersion } from '../../../api/statements';
import { queryKeys } from '../../../api/query-keys';

/** Replies waiting for sign-off, newest first; disabled for people who cannot approve. */
export function usePendingApprovals(enabled = true) {
  return useQuery({
    queryKey: queryKeys.approvals.list('pending'),
    queryFn: ({ signal }) => listApprovals('pending', signal),
    enabled,
  });
}

/** Statement events do not travel on the live stream: the inbox re-reads them every minute and on focus. */
const STATEMENT_REFRESH_MS = 60_000;

/** Statement versions waiting for approval; disabled for people who cannot approve statements. `fresh`: re-read on mount (the inbox page). */
export function useStatementApprovals(enabled = true, fresh = false) {
  return useQuery({
    queryKey: queryKeys.approvals.statements,
    queryFn: ({ signal }) => listStatementApprovals(signal),
    enabled,
    refetchInterval: STATEMENT_REFRESH_MS,
    refetchOnMount: fresh ? 'always' : true,
  });
}

/** Every approval the server shows me (approvers: all; others: those I asked for), newest first: the outcome notices read it. */
export function useApprovalHistory(enabled = true) {
  return useQuery({
    queryKey: queryKeys.approvals.list(undefined),
    queryFn: ({ signal }) => listApprovals(undefined, signal),
    enabled,
  });
}

/** Approving a statement version goes through the statements service's own rules (no self-approval). */
export function useApproveStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ statementId, versionId }: { statementId: string; versionId: string }) => approveStatementVersion(statementId, versionId),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.statements });
      void queryClient.invalidateQueries({ queryKey: queryKeys.statements.all });
    },
  });
}

/** Approving sends the reply: the ticket's thread and the queue change too. */
export function useApproveReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ApproveRequest }) => approveReply(id, input),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
    },
  });
}

export function useRejectReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, comment }: { id: string; comment: string }) => rejectReply(id, comment),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
    },
  });
}

export function useApprovalRules() {
  return useQuery({ queryKey: queryKeys.approvals.rules, queryFn: ({ signal }) => listApprovalRules(signal) });
}

export function useCreateApprovalRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApprovalRule,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.approvals.rules }),
  });
}

export function useDeleteApprovalRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteApprovalRule,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.approvals.rules }),
  });
}
