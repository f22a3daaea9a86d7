import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import {
  completeSecondFactor,
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  getTwoFactorStatus,
  regenerateRecoveryCodes,
  startTwoFactorEnrolment,
} from '../../../api/two-factor';
import { startSession } from '../session-cache';

export function useTwoFactorStatus() {
  return useQuery({ queryKey: queryKeys.twoFactor.status, queryFn: ({ signal }) => getTwoFactorStatus(signal) });
}

/** True once any API call said this session must set up two-factor sign-in first. */
export function useEnrolmentRequired(): boolean {
  const flag = useQuery({ queryKey: queryKeys.twoFactor.enrolmentRequired, queryFn: () => false, staleTime: Infinity, initialData: false });
  return flag.data;
}

export function useStartTwoFactorEnrolment() {
  return useMutation({ mutationFn: startTwoFactorEnrolment });
}

export function useConfirmTwoFactorEnrolment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmTwoFactorEnrolment,
    onSuccess: async () => {
      queryClient.setQueryData(queryKeys.twoFactor.enrolmentRequired, false);
      await queryClient.invalidateQueries({ queryKey: queryKeys.twoFactor.status });
    },
  });
}

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: regenerateRecoveryCodes,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.twoFactor.status }),
  });
}

export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableTwoFactor,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.twoFactor.status }),
  });
}

export function useSecondFactorSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: completeSecondFactor,
    onSuccess: (session) => startSession(queryClient, session),
  });
}
