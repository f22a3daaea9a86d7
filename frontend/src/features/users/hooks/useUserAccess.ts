import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { changePassword, endOtherSessions, endSession, listSessions, listUserTokens, revokeUserToken } from '../../../api/users';

/** Live sessions of a user (`me` for the caller's own). */
export function useSessions(userId: string) {
  return useQuery({ queryKey: queryKeys.users.sessions(userId), queryFn: ({ signal }) => listSessions(userId, signal) });
}

export function useEndSession(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => endSession(userId, sessionId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.sessions(userId) }),
  });
}

export function useEndOtherSessions(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => endOtherSessions(userId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.sessions(userId) }),
  });
}

/** A user's API tokens, for an admin. */
export function useUserTokens(userId: string) {
  return useQuery({ queryKey: queryKeys.users.userTokens(userId), queryFn: ({ signal }) => listUserTokens(userId, signal) });
}

export function useRevokeUserToken(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => revokeUserToken(userId, tokenId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.userTokens(userId) }),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) => changePassword(currentPassword, newPassword),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.sessions('me') }),
  });
}
