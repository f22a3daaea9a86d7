import type { SendTicketStatementRequest, StatementDetailDto, UpdateStatementRequest } from '@newsdesk/shared';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { addStatementVersion, approveStatementVersion, createStatement, retireStatement, sendTicketStatement, updateStatement } from '../../../api/statements';

function storeStatement(queryClient: QueryClient, statement: StatementDetailDto): void {
  queryClient.setQueryData(queryKeys.statements.detail(statement.id), statement);
}

const invalidateStatements = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: queryKeys.statements.all });

export function useCreateStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createStatement,
    onSuccess: (statement) => storeStatement(queryClient, statement),
    onSettled: () => invalidateStatements(queryClient),
  });
}

export function useUpdateStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateStatementRequest }) => updateStatement(id, patch),
    onSuccess: (statement) => storeStatement(queryClient, statement),
    onSettled: () => invalidateStatements(queryClient),
  });
}

export function useAddStatementVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: string }) => addStatementVersion(id, body),
    onSuccess: (statement) => storeStatement(queryClient, statement),
    onSettled: () => invalidateStatements(queryClient),
  });
}

export function useApproveStatementVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, versionId }: { id: string; versionId: string }) => approveStatementVersion(id, versionId),
    onSuccess: (statement) => storeStatement(queryClient, statement),
    onSettled: () => invalidateStatements(queryClient),
  });
}

export function useRetireStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retireStatement,
    onSuccess: (statement) => storeStatement(queryClient, statement),
    onSettled: () => invalidateStatements(queryClient),
  });
}

/** The approved version as a reply on one ticket: its thread and the statement's deliveries change. */
export function useSendTicketStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, input }: { ticketId: string; input: SendTicketStatementRequest }) => sendTicketStatement(ticketId, input),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.statements.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.stories.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
    },
  });
}
