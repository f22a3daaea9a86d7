import type { ActiveSessionDto, ApiTokenDto, ChangePasswordRequest, CreateUserRequest, ProfileDto, UpdateProfileRequest, UpdateUserRequest, UserDto } from '@newsdesk/shared';
import { request, send } from './client';

/** Every staff member (for assignment); admins manage them. */
export function listUsers(signal?: AbortSignal): Promise<UserDto[]> {
  return request<UserDto[]>('/api/users', { signal });
}

export function createUser(user: CreateUserRequest): Promise<UserDto> {
  return request<UserDto>('/api/users', { method: 'POST', body: user });
}

export function updateUser(id: string, patch: UpdateUserRequest): Promise<UserDto> {
  return request<UserDto>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

export function getProfile(signal?: AbortSignal): Promise<ProfileDto> {
  return request<ProfileDto>('/api/users/me', { signal });
}

export function updateProfile(patch: UpdateProfileRequest): Promise<ProfileDto> {
  return request<ProfileDto>('/api/users/me', { method: 'PATCH', body: patch });
}

export function listApiTokens(signal?: AbortSignal): Promise<ApiTokenDto[]> {
  return request<ApiTokenDto[]>('/api/auth/tokens', { signal });
}

/** The answer carries `token` once; it is never shown again. */
export function createApiToken(name: string): Promise<ApiTokenDto> {
  return request<ApiTokenDto>('/api/auth/tokens', { method: 'POST', body: { name } });
}

export function revokeApiToken(id: string): Promise<void> {
  return send(`/api/auth/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** `userId` is a user's id, or `me`: owners manage their own sessions and tokens, admins anyone's. */
export function listSessions(userId: string, signal?: AbortSignal): Promise<ActiveSessionDto[]> {
  return request<ActiveSessionDto[]>(`/api/users/${encodeURIComponent(userId)}/sessions`, { signal });
}

export function endSession(userId: string, sessionId: string): Promise<void> {
  return send(`/api/users/${encodeURIComponent(userId)}/sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE' });
}

/** Ends every session of the user except the caller's own. */
export function endOtherSessions(userId: string): Promise<{ ended: number }> {
  return request<{ ended: number }>(`/api/users/${encodeURIComponent(userId)}/sessions`, { method: 'DELETE' });
}

export function listUserTokens(userId: string, signal?: AbortSignal): Promise<ApiTokenDto[]> {
  return request<ApiTokenDto[]>(`/api/users/${encodeURIComponent(userId)}/tokens`, { signal });
}

export function revokeUserToken(userId: string, tokenId: string): Promise<void> {
  return send(`/api/users/${encodeURIComponent(userId)}/tokens/${encodeURIComponent(tokenId)}`, { method: 'DELETE' });
}

/** Your own password; every other session of yours is signed out. */
export function changePassword(currentPassword: string, newPassword: string): Promise<{ sessionsEnded: number }> {
  return request<{ sessionsEnded: number }>('/api/users/me/password', { method: 'PUT', body: { currentPassword, newPassword } satisfies ChangePasswordRequest });
}

/** An admin lifts every sign-in lockout of a user. */
export function liftLockout(userId: string): Promise<void> {
  return send(`/api/users/${encodeURIComponent(userId)}/lockout`, { method: 'DELETE' });
}

/** An admin turns a colleague's two-factor sign-in off (lost phone and recovery codes). */
export function resetTwoFactor(userId: string): Promise<void> {
  return send(`/api/users/${encodeURIComponent(userId)}/two-factor`, { method: 'DELETE' });
}
