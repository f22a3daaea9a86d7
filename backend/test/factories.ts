import type { UserRole } from '@newsdesk/shared';
import { randomBytes } from 'node:crypto';
import { UsersService } from '../src/users/users.service.js';
import { HttpClient } from './http-client.js';
import type { TestApp } from './test-app.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  id: string;
  email: string;
  role: UserRole;
  password: string;
}

export async function createUser(testApp: TestApp, role: UserRole = 'agent', overrides: { name?: string; email?: string } = {}): Promise<TestUser> {
  const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@press.test`;
  const user = await testApp.app.get(UsersService).create(
    { email, name: overrides.name ?? `Test ${role}`, password: TEST_PASSWORD, role },
    null,
  );
  return { id: user.id, email: user.email, role, password: TEST_PASSWORD };
}

/** A signed-in client for a new user of the given role. */
export async function signedInClient(testApp: TestApp, role: UserRole = 'agent'): Promise<{ client: HttpClient; user: TestUser }> {
  const user = await createUser(testApp, role);
  const client = new HttpClient(testApp.baseUrl);
  const response = await client.login(user.email, user.password);
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { client, user };
}
