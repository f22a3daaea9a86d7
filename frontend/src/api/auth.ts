import type { LoginRequest, PasswordResetRequestedDto, SecondFactorChallengeDto, SessionDto } from '@newsdesk/shared';
import { isUnauthorized, request, send, setCsrfToken } from './client';

/** The current session, or null when nobody is signed in. */
export async function getSession(signal?: AbortSignal): Promise<SessionDto | null> {
  try {
    return rememberCsrfToken(await request<SessionDto>('/api/auth/session', { signal }));
  } catch (error) {
    if (!isUnauthorized(error)) throw error;
    setCsrfToken(null);
    return null;
  }
}

/** A session, or a challenge when the account signs in with a second factor. */
export async function login(credentials: LoginRequest): Promise<SessionDto | SecondFactorChallengeDto> {
  const answer = await request<SessionDto | SecondFactorChallengeDto>('/api/auth/login', { method: 'POST', body: credentials });
  return isSecondFactorChallenge(answer) ? answer : rememberCsrfToken(answer);
}

export function isSecondFactorChallenge(answer: SessionDto | SecondFactorChallengeDto): answer is SecondFactorChallengeDto {
  return 'secondFactorRequired' in answer && answer.secondFactorRequired;
}

export async function logout(): Promise<void> {
  await send('/api/auth/logout', { method: 'POST' });
  setCsrfToken(null);
}

/** Every SessionDto that arrives carries the CSRF token later writes must echo. */
export function rememberCsrfToken(session: SessionDto): SessionDto {
  setCsrfToken(session.csrfToken);
  return session;
}

/** "Forgot password": the answer is the same whether or not an account uses the address. */
export function requestPasswordReset(email: string): Promise<PasswordResetRequestedDto> {
  return request<PasswordResetRequestedDto>('/api/auth/password-reset-requests', { method: 'POST', body: { email } });
}

/** Sets a new password with the token from the emailed link; it does not sign in. */
export function completePasswordReset(token: string, password: string): Promise<void> {
  return send('/api/auth/password-resets', { method: 'POST', body: { token, password } });
}
