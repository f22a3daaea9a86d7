import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { createApiToken, getProfile, listApiTokens, revokeApiToken, updateProfile } from '../../../api/users';

export function useProfile() {
  return useQuery({ queryKey: queryKeys.users.me, queryFn: ({ signal }) => getProfile(signal) });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (profile) => queryClient.setQueryData(queryKeys.users.me, profile),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.session });
      void queryClient.invalidateQueries({ queryKey: queryKeys.users.all, exact: true });
    },
  });
}

export function useApiTokens() {
  return useQuery({ queryKey: queryKeys.users.tokens, queryFn: ({ signal }) => listApiTokens(signal) });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiToken,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.tokens }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiToken,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.tokens }),
  });
}
