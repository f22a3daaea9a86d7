import type { SessionDto, SetupRequest, SetupStatusDto } from '@newsdesk/shared';
import { rememberCsrfToken } from './auth';
import { request } from './client';

export function getSetupStatus(signal?: AbortSignal): Promise<SetupStatusDto> {
  return request<SetupStatusDto>('/api/setup/status', { signal });
}

/** Creates the first admin; the server signs them in straight away. */
export async function completeSetup(admin: SetupRequest): Promise<SessionDto> {
  return rememberCsrfToken(await request<SessionDto>('/api/setup', { method: 'POST', body: admin }));
}
