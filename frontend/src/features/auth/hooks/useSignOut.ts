import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { logout } from '../../../api/auth';

export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: logout,
    onSuccess: async () => {
      // Leave the guarded pages first, so nothing refetches the session while the cache empties.
      await navigate('/signin', { replace: true });
      queryClient.removeQueries();
    },
  });
}
