import type { RecoveryCodesDto, TwoFactorEnrolmentDto } from '@newsdesk/shared';
import { Secret, TOTP } from 'otpauth';
import { Clock } from '../src/common/clock.js';
import type { HttpClient } from './http-client.js';
import type { TestApp } from './test-app.js';

/** The app's clock held at a time the test sets and moves. */
export function controlClock(testApp: TestApp): { now(): number; set(ms: number): void; advance(ms: number): void } {
  let current = Date.now();
  testApp.app.get(Clock).now = () => new Date(current);
  return {
    now: () => current,
    set: (ms) => (current = ms),
    advance: (ms) => (current += ms),
  };
}

/** The code an authenticator app shows for this secret at this time, computed independently of the server. */
export function totpCode(secret: string, at: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });
}

/** Enrols a signed-in client through the API; returns the secret and the recovery codes shown once. */
export async function enrolTotp(client: HttpClient, at: number): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await client.post<TwoFactorEnrolmentDto>('/api/auth/two-factor/enrolment');
  if (started.status !== 200) throw new Error(`enrolment failed: ${started.status} ${JSON.stringify(started.body)}`);
  const confirmed = await client.post<RecoveryCodesDto>('/api/auth/two-factor/enrolment/confirmation', { code: totpCode(started.body.secret, at) });
  if (confirmed.status !== 200) throw new Error(`confirmation failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { secret: started.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
}
