import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createOutlet,
  getOutlet,
  listJournalists,
  listOutlets,
  mergeJournalist,
  mergeOutlet,
  updateJournalist,
  updateOutlet,
  type ContactFilters,
} from '../../../api/contacts';
import type { UpdateJournalistRequest, UpdateOutletRequest } from '@newsdesk/shared';
import { queryKeys } from '../../../api/query-keys';

export function useJournalistList(filters: ContactFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.journalists.list(filters),
    queryFn: ({ pageParam, signal }) => listJournalists(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useUpdateJournalist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateJournalistRequest }) => updateJournalist(id, patch),
    onSuccess: (journalist) => queryClient.setQueryData(queryKeys.journalists.detail(journalist.id), journalist),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.journalists.all });
      // Queue rows show the journalist's name.
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
    },
  });
}

export function useMergeJournalist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, intoId }: { id: string; intoId: string }) => mergeJournalist(id, intoId),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.journalists.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
    },
  });
}

export function useOutletList(filters: ContactFilters) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.outlets.list(filters), 'pages'],
    queryFn: ({ pageParam, signal }) => listOutlets(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useOutlet(id: string) {
  return useQuery({ queryKey: queryKeys.outlets.detail(id), queryFn: ({ signal }) => getOutlet(id, signal) });
}

export function useCreateOutlet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createOutlet,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.outlets.all }),
  });
}

export function useUpdateOutlet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateOutletRequest }) => updateOutlet(id, patch),
    onSuccess: (outlet) => queryClient.setQueryData(queryKeys.outlets.detail(outlet.id), outlet),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.outlets.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
    },
  });
}

export function useMergeOutlet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, intoId }: { id: string; intoId: string }) => mergeOutlet(id, intoId),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.outlets.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.journalists.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.all });
    },
  });
}
