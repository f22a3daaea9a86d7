import { useMutation, useQueryClient } from '@tanstack/react-query';
import { login } from '../../../api/auth';
import { startSession } from '../session-cache';

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (session) => startSession(queryClient, session),
  });
}
