import { createUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

// Passport's default instance is process-wide: each app must sign in with its own strategy and database.
describe('sign-in with several apps in one process', () => {
  let first: TestApp;

  beforeAll(async () => {
    first = await createTestApp();
  });

  afterAll(async () => {
    await first.close();
  });

  it('signs in through the first app after a second one started and closed', async () => {
    const user = await createUser(first, 'agent');
    const second = await createTestApp();
    const someoneElse = await createUser(second, 'agent');

    // While both run, each app knows its own users only.
    expect((await new HttpClient(first.baseUrl).login(user.email, user.password)).status).toBe(200);
    expect((await new HttpClient(second.baseUrl).login(someoneElse.email, someoneElse.password)).status).toBe(200);
    expect((await new HttpClient(second.baseUrl).login(user.email, user.password)).status).toBe(401);
    await second.close();

    const client = new HttpClient(first.baseUrl);
    const response = await client.login(user.email, user.password);
    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe(user.email);
    expect((await client.get('/api/auth/session')).status).toBe(200);
  });

  it('still refuses a wrong password and a missing one through the first app', async () => {
    const user = await createUser(first, 'agent');
    expect((await new HttpClient(first.baseUrl).login(user.email, 'not the password at all')).status).toBe(401);
    expect((await new HttpClient(first.baseUrl).post('/api/auth/login', { email: user.email })).status).toBe(400);
  });
});
