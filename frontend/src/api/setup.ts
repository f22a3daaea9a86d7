import type { SessionDto } from '@newsdesk/shared';
import { rememberCsrfToken } from './auth';
import { request } from './client';

export interface SetupStatus {
  needed: boolean;
}

export interface FirstAdmin {
  token: string;
  email: string;
  name: string;
  password: string;
}

export function getSetupStatus(signal?: AbortSignal): Promise<SetupStatus> {
  return request<SetupStatus>('/api/setup/status', { signal });
}

/** Creates the first admin; the server signs them in straight away. */
export async function completeSetup(admin: FirstAdmin): Promise<SessionDto> {
  return rememberCsrfToken(await request<SessionDto>('/api/setup', { method: 'POST', body: admin }));
}
