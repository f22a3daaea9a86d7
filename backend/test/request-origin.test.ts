import type { ApiTokenDto } from '@newsdesk/shared';
import type pg from 'pg';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const EVIL = 'https://evil.example';

describe('request origin (cross-site request forgery)', () => {
  let testApp: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });
  beforeEach(() => db.query('DELETE FROM login_attempts'));

  const selfOrigin = () => new URL(testApp.baseUrl).origin;
  const sessionCount = async (userId: string) =>
    (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM sessions WHERE user_id = $1', [userId])).rows[0].count;
  const userName = async (userId: string) => (await db.query<{ name: string }>('SELECT name FROM users WHERE id = $1', [userId])).rows[0].name;

  describe('sign-in', () => {
    it('refuses a form-urlencoded cross-site login (what an HTML form on another site sends) and starts no session', async () => {
      const user = await createUser(testApp);
      const response = await new HttpClient(testApp.baseUrl).request(
        'POST',
        '/api/auth/login',
        new URLSearchParams({ email: user.email, password: user.password }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded', origin: EVIL, 'sec-fetch-site': 'cross-site' },
      );
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await sessionCount(user.id)).toBe(0);
    });

    it.each([
      ['application/x-www-form-urlencoded', (email: string, password: string) => new URLSearchParams({ email, password }).toString()],
      ['text/plain', (email: string, password: string) => JSON.stringify({ email, password })],
      ['multipart/form-data; boundary=xyz', (email: string, password: string) =>
        `--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\n${email}\r\n--xyz\r\nContent-Disposition: form-data; name="password"\r\n\r\n${password}\r\n--xyz--\r\n`],
    ])('refuses a same-origin %s login with 415 and a readable message', async (contentType, body) => {
      const user = await createUser(testApp);
      const response = await new HttpClient(testApp.baseUrl).request('POST', '/api/auth/login', body(user.email, user.password), {
        'content-type': contentType,
      });
      expectErrorBody(response, 415, /application\/json/);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await sessionCount(user.id)).toBe(0);
    });

    it.each([
      ['a foreign Origin', { origin: EVIL }],
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
      ['Origin: null (a sandboxed frame)', { origin: 'null' }],
    ])('refuses a JSON login carrying %s, before any password check', async (_case, headers) => {
      const user = await createUser(testApp);
      const response = await new HttpClient(testApp.baseUrl).request('POST', '/api/auth/login', { email: user.email, password: user.password }, headers);
      expectErrorBody(response, 403, /another (site|origin)/);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await sessionCount(user.id)).toBe(0);
      const attempts = await db.query('SELECT 1 FROM login_attempts');
      expect(attempts.rowCount).toBe(0);
    });

    it('signs in from the same origin, as the dashboard does', async () => {
      const user = await createUser(testApp);
      const response = await new HttpClient(testApp.baseUrl).request('POST', '/api/auth/login', { email: user.email, password: user.password }, {
        origin: selfOrigin(),
        'sec-fetch-site': 'same-origin',
      });
      expect(response.status).toBe(200);
      expect(await sessionCount(user.id)).toBe(1);
    });

    it('refuses a cross-site first-run setup before looking at its token', async () => {
      const response = await new HttpClient(testApp.baseUrl).request(
        'POST',
        '/api/setup',
        { token: 'x'.repeat(43), email: 'first@press.test', name: 'First', password: 'a long and careful passphrase' },
        { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      );
      expectErrorBody(response, 403, /another (site|origin)/);
    });
  });

  describe('session writes', () => {
    it('refuses a cross-site Origin even with a valid session cookie and CSRF token, and changes nothing', async () => {
      const { client, user } = await signedInClient(testApp);
      const before = await userName(user.id);
      const response = await client.request('PATCH', '/api/users/me', { name: 'Forged Name' }, { origin: EVIL });
      expectErrorBody(response, 403, /another origin/);
      expect(await userName(user.id)).toBe(before);

      const token = await client.request('POST', '/api/auth/tokens', { name: 'forged' }, { 'sec-fetch-site': 'cross-site' });
      expectErrorBody(token, 403, /another site/);
      expect((await db.query('SELECT 1 FROM api_tokens WHERE user_id = $1', [user.id])).rowCount).toBe(0);

      const logout = await client.request('POST', '/api/auth/logout', undefined, { origin: EVIL, 'sec-fetch-site': 'cross-site' });
      expectErrorBody(logout, 403);
      expect(await sessionCount(user.id)).toBe(1);
    });

    it('accepts the same writes from the same origin', async () => {
      const { client, user } = await signedInClient(testApp);
      const response = await client.request('PATCH', '/api/users/me', { name: 'Dana Desk' }, { origin: selfOrigin(), 'sec-fetch-site': 'same-origin' });
      expect(response.status).toBe(200);
      expect(await userName(user.id)).toBe('Dana Desk');
    });

    it('lets reads through from anywhere (they change nothing; CORS keeps their answers from other sites)', async () => {
      const { client } = await signedInClient(testApp);
      const response = await client.request('GET', '/api/auth/session', undefined, { origin: EVIL, 'sec-fetch-site': 'cross-site' });
      expect(response.status).toBe(200);
    });

    it('leaves bearer-token requests alone: they carry no ambient credential', async () => {
      const { client } = await signedInClient(testApp);
      const created = await client.post<ApiTokenDto>('/api/auth/tokens', { name: 'script' });
      const script = new HttpClient(testApp.baseUrl);
      script.bearer = created.body.token ?? '';
      const response = await script.request('POST', '/api/auth/tokens', { name: 'from a script' }, { origin: EVIL, 'sec-fetch-site': 'cross-site' });
      expect(response.status).toBe(201);
    });
  });

  describe('with PUBLIC_URL set', () => {
    let publicApp: TestApp;
    beforeAll(async () => {
      publicApp = await createTestApp({ PUBLIC_URL: 'http://desk.example.org' });
    });
    afterAll(() => publicApp.close());

    it('accepts exactly the PUBLIC_URL origin and refuses the address the server happens to be reached by', async () => {
      const user = await createUser(publicApp);
      const login = (origin: string) =>
        new HttpClient(publicApp.baseUrl).request('POST', '/api/auth/login', { email: user.email, password: user.password }, { origin });
      expectErrorBody(await login(new URL(publicApp.baseUrl).origin), 403, /http:\/\/desk\.example\.org/);
      expectErrorBody(await login('http://desk.example.org.evil.example'), 403);
      expect((await login('http://desk.example.org')).status).toBe(200);
    });
  });
});
