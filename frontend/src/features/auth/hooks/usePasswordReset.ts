import { useMutation } from '@tanstack/react-query';
import { completePasswordReset, requestPasswordReset } from '../../../api/auth';

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export function useCompletePasswordReset() {
  return useMutation({ mutationFn: ({ token, password }: { token: string; password: string }) => completePasswordReset(token, password) });
}
