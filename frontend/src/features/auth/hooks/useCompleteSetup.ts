import { useMutation, useQueryClient } from '@tanstack/react-query';
import { completeSetup } from '../../../api/setup';
import { startSession } from '../session-cache';

export function useCompleteSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: completeSetup,
    // Starting the session empties the cache, which drops the stale "setup needed" answer too.
    onSuccess: (session) => startSession(queryClient, session),
  });
}
