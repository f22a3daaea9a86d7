import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  getIntakeHealth,
  getSettings,
  listIntakeMessages,
  listOutbox,
  reprocessIntakeMessage,
  sendTestMail,
  type IntakeLogFilters,
  type OutboxFilters,
} from '../../../api/admin';
import { queryKeys } from '../../../api/query-keys';

export function useSettings(enabled = true) {
  return useQuery({ queryKey: queryKeys.settings, queryFn: ({ signal }) => getSettings(signal), enabled });
}

export function useIntakeHealth() {
  return useQuery({ queryKey: queryKeys.intake.health, queryFn: ({ signal }) => getIntakeHealth(signal), refetchInterval: 30_000 });
}

export function useIntakeLog(filters: IntakeLogFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.intake.log(filters),
    queryFn: ({ pageParam, signal }) => listIntakeMessages(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useReprocessIntakeMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reprocessIntakeMessage,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.intake.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.queues });
    },
  });
}

export function useOutbox(filters: OutboxFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.outbox.list(filters),
    queryFn: ({ pageParam, signal }) => listOutbox(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useSendTestMail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendTestMail,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.outbox.all }),
  });
}
