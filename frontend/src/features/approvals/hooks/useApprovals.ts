import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { approveReply, createApprovalRule, deleteApprovalRule, listApprovalRules, listApprovals, rejectReply, type ApproveInput } from '../../../api/approvals';
import { queryKeys } from '../../../api/query-keys';

/** Replies waiting for sign-off, newest first; disabled for people who cannot approve. */
export function usePendingApprovals(enabled = true) {
  return useQuery({
    queryKey: queryKeys.approvals.list('pending'),
    queryFn: ({ signal }) => listApprovals('pending', signal),
    enabled,
  });
}

/** Approving sends the reply: the ticket's thread and the queue change too. */
export function useApproveReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ApproveInput }) => approveReply(id, input),
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
