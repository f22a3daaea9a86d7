import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isSecondFactorChallenge, login } from '../../../api/auth';
import { startSession } from '../session-cache';

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    // A challenge is not a session yet: the second step starts it.
    onSuccess: (answer) => {
      if (!isSecondFactorChallenge(answer)) startSession(queryClient, answer);
    },
  });
}
