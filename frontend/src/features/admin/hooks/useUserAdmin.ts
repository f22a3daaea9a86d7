import type { UpdateUserRequest } from '@newsdesk/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { createUser, liftLockout, resetTwoFactor, updateUser } from '../../../api/users';

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateUserRequest }) => updateUser(id, patch),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
  });
}

export function useLiftLockout() {
  return useMutation({ mutationFn: (userId: string) => liftLockout(userId) });
}

export function useResetTwoFactor() {
  return useMutation({ mutationFn: (userId: string) => resetTwoFactor(userId) });
}
