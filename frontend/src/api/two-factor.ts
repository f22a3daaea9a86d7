import type { RecoveryCodesDto, SecondFactorLoginRequest, SessionDto, TwoFactorEnrolmentDto, TwoFactorStatusDto } from '@newsdesk/shared';
import { rememberCsrfToken } from './auth';
import { request, send } from './client';

export function getTwoFactorStatus(signal?: AbortSignal): Promise<TwoFactorStatusDto> {
  return request<TwoFactorStatusDto>('/api/auth/two-factor', { signal });
}

export function startTwoFactorEnrolment(): Promise<TwoFactorEnrolmentDto> {
  return request<TwoFactorEnrolmentDto>('/api/auth/two-factor/enrolment', { method: 'POST' });
}

export function confirmTwoFactorEnrolment(code: string): Promise<RecoveryCodesDto> {
  return request<RecoveryCodesDto>('/api/auth/two-factor/enrolment/confirmation', { method: 'POST', body: { code } });
}

export function regenerateRecoveryCodes(code: string): Promise<RecoveryCodesDto> {
  return request<RecoveryCodesDto>('/api/auth/two-factor/recovery-codes', { method: 'POST', body: { code } });
}

export function disableTwoFactor(input: { password: string; code: string }): Promise<void> {
  return send('/api/auth/two-factor', { method: 'DELETE', body: input });
}

/** The second sign-in step: the challenge from the password step and a code turn into a session. */
export async function completeSecondFactor(answer: SecondFactorLoginRequest): Promise<SessionDto> {
  return rememberCsrfToken(await request<SessionDto>('/api/auth/login/second-factor', { method: 'POST', body: answer }));
}
