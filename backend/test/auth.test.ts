import { jest } from '@jest/globals';
import type { SessionDto } from '@newsdesk/shared';
import type pg from 'pg';
import { Clock } from '../src/common/clock.js';
import { setCookie, setCookies } from './cookies.js';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient } from './factories.js';
import { HttpClient, type HttpResponse } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const COOKIE = 'nd_session';
const MAX_ATTEMPTS = 3;

describe('auth', () => {
  let testApp: TestApp;
  let db: pg.Client;

  beforeAll(async () => {
    testApp = await createTestApp({ LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS) });
    db = await connectDatabase(testApp);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });
  // Every request here comes from 127.0.0.1: without this the per-IP count would carry from test to test.
  beforeEach(() => db.query('DELETE FROM login_attempts'));

  const client = () => new HttpClient(testApp.baseUrl);
  /** A request that carries exactly this session cookie and nothing else. */
  const withCookie = (method: string, path: string, cookieValue: string, body?: unknown): Promise<HttpResponse> =>
    client().request(method, path, body, { cookie: `${COOKIE}=${cookieValue}` });
  const sessionCount = async (userId: string) =>
    (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM sessions WHERE user_id = $1', [userId])).rows[0].count;

  describe('login', () => {
    it('signs in with the right password and sets an HttpOnly, SameSite=Lax session cookie', async () => {
      const user = await createUser(testApp, 'manager');
      const before = Date.now();
      const response = await client().login(user.email, user.password);

      expect(response.status).toBe(200);
      const body: SessionDto = response.body;
      expect(body.user).toEqual({ id: user.id, email: user.email, name: 'Test manager', role: 'manager', active: true, canApprove: false, createdAt: expect.any(String) });
      expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const lifetimeHours = (Date.parse(body.expiresAt) - before) / 3_600_000;
      expect(lifetimeHours).toBeCloseTo(testApp.config.SESSION_ABSOLUTE_HOURS, 1);

      const cookie = setCookie(response, COOKIE);
      expect(cookie.value.length).toBeGreaterThan(40);
      expect(cookie.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' });
      expect(Date.parse(cookie.attributes.expires as string)).toBe(Math.floor(Date.parse(body.expiresAt) / 1000) * 1000);
      // Plain-HTTP PUBLIC_URL (the default): a Secure cookie would never come back.
      expect(cookie.attributes.secure).toBeUndefined();
    });

    it('keeps the session on later requests and reports it at GET /api/auth/session', async () => {
      const user = await createUser(testApp);
      const http = client();
      const login = await http.login(user.email, user.password);

      const session = await http.get<SessionDto>('/api/auth/session');
      expect(session.status).toBe(200);
      expect(session.body).toEqual(login.body);
    });

    it('accepts the email in any letter case', async () => {
      const user = await createUser(testApp);
      const response = await client().login(user.email.toUpperCase(), user.password);
      expect(response.status).toBe(200);
      expect(response.body.user.id).toBe(user.id);
    });

    it('accepts the email with the surrounding spaces a pasted address brings along', async () => {
      const user = await createUser(testApp);
      const response = await client().login(`  ${user.email} `, user.password);
      expect(response.status).toBe(200);
      expect(response.body.user.id).toBe(user.id);
    });

    it('answers a wrong password and an unknown email with the same 401 and sets no cookie', async () => {
      const user = await createUser(testApp);
      const wrongPassword = await client().login(user.email, 'not the password at all');
      const unknownEmail = await client().login('nobody-here@press.test', user.password);

      const wrong = expectErrorBody(wrongPassword, 401, 'Email or password is incorrect');
      const unknown = expectErrorBody(unknownEmail, 401, 'Email or password is incorrect');
      expect(unknown.message).toBe(wrong.message);
      expect(setCookies(wrongPassword)).toEqual([]);
      expect(setCookies(unknownEmail)).toEqual([]);
    });

    it('refuses a deactivated account with the same 401 as a wrong password', async () => {
      const user = await createUser(testApp);
      await db.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
      expectErrorBody(await client().login(user.email, user.password), 401, 'Email or password is incorrect');
    });

    it.each([
      ['no fields', {}, ['email', 'password']],
      ['no password', { email: 'someone@press.test' }, ['password']],
      ['no email', { password: 'correct horse battery staple' }, ['email']],
      ['an empty password', { email: 'someone@press.test', password: '' }, ['password']],
    ])('names the missing field when the body has %s (400), before any password check', async (_case, body, fields) => {
      const error = expectErrorBody(await client().post('/api/auth/login', body), 400);
      expect(error.details?.map((detail) => detail.field)).toEqual(fields);
      expect(await db.query('SELECT 1 FROM login_attempts')).toMatchObject({ rowCount: 0 });
    });

    it.each([
      ['an array email', { email: ['someone@press.test'], password: 'correct horse battery staple' }],
      ['an object email', { email: { $ne: '' }, password: 'correct horse battery staple' }],
      ['malformed JSON', '{"email": "someone@press.test", '],
    ])('refuses a login body with %s as a 400, not a server error', async (_case, body) => {
      expectErrorBody(await client().post('/api/auth/login', body), 400);
    });

    it('refuses a login body with an unknown field and starts no session', async () => {
      const user = await createUser(testApp);
      const response = await client().post('/api/auth/login', { email: user.email, password: user.password, remember: true });
      const body = expectErrorBody(response, 400, 'property remember should not exist');
      expect(body.details).toEqual([{ field: 'remember', messages: ['property remember should not exist'] }]);
      expect(setCookies(response)).toEqual([]);
      expect(await sessionCount(user.id)).toBe(0);
    });

    it('records a successful sign-in as an auth.login event by that user', async () => {
      const user = await createUser(testApp);
      await client().login(user.email, user.password);
      const events = await db.query('SELECT entity_type, entity_id, actor_id FROM events WHERE type = $1 AND entity_id = $2', ['auth.login', user.id]);
      expect(events.rows).toEqual([{ entity_type: 'user', entity_id: user.id, actor_id: user.id }]);
    });
  });

  describe('lockout after repeated failures', () => {
    it(`locks the account with 429 and Retry-After after ${MAX_ATTEMPTS} failures, even for the right password`, async () => {
      const user = await createUser(testApp);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        expectErrorBody(await client().login(user.email, 'a wrong guess, again'), 401);
      }

      const locked = await client().login(user.email, user.password);
      const body = expectErrorBody(locked, 429, /locked/);
      expect(body.error).toBe('Too Many Requests');
      const minutes = testApp.config.LOGIN_LOCKOUT_MINUTES;
      expect(body.message).toContain(`locked for ${minutes} minutes`);
      expect(Number(locked.headers.get('retry-after'))).toBe(minutes * 60);
      expect(setCookies(locked)).toEqual([]);
      expect(await sessionCount(user.id)).toBe(0);
    });

    it('locks the account however the email is spelled', async () => {
      const user = await createUser(testApp);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        await client().login(attempt % 2 ? user.email.toUpperCase() : ` ${user.email}`, 'a wrong guess, again');
      }
      expectErrorBody(await client().login(user.email, user.password), 429, /locked/);
    });

    it('does not lock other accounts when one account is locked', async () => {
      const locked = await createUser(testApp);
      const other = await createUser(testApp);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) await client().login(locked.email, 'a wrong guess, again');

      expect((await client().login(other.email, other.password)).status).toBe(200);
    });

    it('clears the failure count on a successful sign-in', async () => {
      const user = await createUser(testApp);
      for (let attempt = 0; attempt < MAX_ATTEMPTS - 1; attempt++) await client().login(user.email, 'a wrong guess, again');
      expect((await client().login(user.email, user.password)).status).toBe(200);

      // Without the reset these would add up to more than the limit.
      for (let attempt = 0; attempt < MAX_ATTEMPTS - 1; attempt++) {
        expectErrorBody(await client().login(user.email, 'a wrong guess, again'), 401);
      }
      expect((await client().login(user.email, user.password)).status).toBe(200);
    });

    it('locks out an address that fails across many accounts', async () => {
      const user = await createUser(testApp);
      for (let attempt = 0; attempt < MAX_ATTEMPTS * 4; attempt++) {
        expectErrorBody(await client().login(`guess-${attempt}@press.test`, 'a wrong guess, again'), 401);
      }
      expectErrorBody(await client().login(user.email, user.password), 429, /locked/);
    });
  });

  describe('sessions', () => {
    it('rotates the session at each login: a new cookie and CSRF token, and the old cookie stops working', async () => {
      const user = await createUser(testApp);
      const http = client();
      const first = await http.login(user.email, user.password);
      const second = await http.login(user.email, user.password);

      const firstCookie = setCookie(first, COOKIE).value;
      const secondCookie = setCookie(second, COOKIE).value;
      expect(secondCookie).not.toBe(firstCookie);
      expect(second.body.csrfToken).not.toBe(first.body.csrfToken);
      expectErrorBody(await withCookie('GET', '/api/auth/session', firstCookie), 401);
      expect((await withCookie('GET', '/api/auth/session', secondCookie)).status).toBe(200);
      expect(await sessionCount(user.id)).toBe(1);
    });

    it('keeps separate sign-ins (two browsers) side by side', async () => {
      const user = await createUser(testApp);
      const laptop = client();
      const phone = client();
      await laptop.login(user.email, user.password);
      await phone.login(user.email, user.password);

      expect((await laptop.get('/api/auth/session')).status).toBe(200);
      expect((await phone.get('/api/auth/session')).status).toBe(200);
    });

    it('refuses a session cookie whose signature was tampered with', async () => {
      const user = await createUser(testApp);
      const value = setCookie(await client().login(user.email, user.password), COOKIE).value;
      const forged = value.slice(0, -2) + (value.endsWith('AA') ? 'BB' : 'AA');

      expectErrorBody(await withCookie('GET', '/api/auth/session', forged), 401, 'Sign in to continue');
      expectErrorBody(await withCookie('GET', '/api/auth/session', value.split('.')[0]), 401, 'Sign in to continue');
    });

    it('expires a session that sat idle longer than SESSION_IDLE_MINUTES', async () => {
      const { client: http, user } = await signedInClient(testApp);
      await db.query(`UPDATE sessions SET last_seen_at = now() - make_interval(mins => $2) WHERE user_id = $1`, [
        user.id,
        testApp.config.SESSION_IDLE_MINUTES + 1,
      ]);

      expectErrorBody(await http.get('/api/tickets'), 401, 'expired');
      expect(await sessionCount(user.id)).toBe(0);
      expectErrorBody(await http.get('/api/tickets'), 401, 'Sign in to continue');
    });

    it('expires a session by the injected clock once it moves past SESSION_IDLE_MINUTES, with no change to the stored row', async () => {
      const { client: http, user } = await signedInClient(testApp);
      expect((await http.get('/api/auth/session')).status).toBe(200);
      const later = new Date(Date.now() + (testApp.config.SESSION_IDLE_MINUTES + 1) * 60_000);
      const clock = jest.spyOn(testApp.app.get(Clock), 'now').mockReturnValue(later);
      try {
        expectErrorBody(await http.get('/api/tickets'), 401, 'expired');
      } finally {
        clock.mockRestore();
      }
      expect(await sessionCount(user.id)).toBe(0);
    });

    it('keeps an active session alive by moving its last-seen time forward', async () => {
      const { client: http, user } = await signedInClient(testApp);
      await db.query(`UPDATE sessions SET last_seen_at = now() - make_interval(mins => $2) WHERE user_id = $1`, [
        user.id,
        testApp.config.SESSION_IDLE_MINUTES - 1,
      ]);

      expect((await http.get('/api/auth/session')).status).toBe(200);
      const { rows } = await db.query<{ idle_seconds: number }>(
        'SELECT extract(epoch FROM now() - last_seen_at)::int AS idle_seconds FROM sessions WHERE user_id = $1',
        [user.id],
      );
      expect(rows[0].idle_seconds).toBeLessThan(60);
    });

    it('expires a session past its absolute lifetime even while it is in use', async () => {
      const { client: http, user } = await signedInClient(testApp);
      await db.query(`UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE user_id = $1`, [user.id]);

      expectErrorBody(await http.get('/api/auth/session'), 401, 'expired');
      expect(await sessionCount(user.id)).toBe(0);
    });

    it('ends the session at logout: the cookie is cleared and the old value gets 401', async () => {
      const user = await createUser(testApp);
      const http = client();
      const cookie = setCookie(await http.login(user.email, user.password), COOKIE).value;

      const logout = await http.post('/api/auth/logout');
      expect(logout.status).toBe(204);
      const cleared = setCookie(logout, COOKIE);
      expect(cleared.value).toBe('');
      expect(Date.parse(cleared.attributes.expires as string)).toBe(0);
      expect(await sessionCount(user.id)).toBe(0);
      expectErrorBody(await withCookie('GET', '/api/auth/session', cookie), 401, 'Sign in to continue');
      expectErrorBody(await http.get('/api/auth/session'), 401);
    });

    it('does not log out on a request without the CSRF header', async () => {
      const { client: http, user } = await signedInClient(testApp);
      const csrfToken = http.csrfToken;
      http.csrfToken = null;

      expectErrorBody(await http.post('/api/auth/logout'), 403, /CSRF/);
      expect(await sessionCount(user.id)).toBe(1);
      http.csrfToken = csrfToken;
      expect((await http.get('/api/auth/session')).status).toBe(200);
    });
  });

  describe('the guard', () => {
    it('answers 401 without a session or a token', async () => {
      expectErrorBody(await client().get('/api/tickets'), 401, 'Sign in to continue');
      expectErrorBody(await client().post('/api/tickets', { subject: 'Budget', text: 'Call back' }), 401, 'Sign in to continue');
      expectErrorBody(await client().get('/api/users'), 401, 'Sign in to continue');
      expectErrorBody(await withCookie('GET', '/api/tickets', 'made-up-value'), 401, 'Sign in to continue');
    });

    it('lets a session read without a CSRF header', async () => {
      const { client: http } = await signedInClient(testApp);
      http.csrfToken = null;
      expect((await http.get('/api/tickets')).status).toBe(200);
    });

    it('refuses a cookie-authenticated POST without the CSRF header, and nothing is written', async () => {
      const { client: http, user } = await signedInClient(testApp);
      const csrfToken = http.csrfToken;
      http.csrfToken = null;

      const tokenResponse = await http.post('/api/auth/tokens', { name: 'CI' });
      const body = expectErrorBody(tokenResponse, 403, 'Missing or invalid CSRF token');
      expect(body.message).toContain('x-csrf-token');
      const ticketResponse = await http.post('/api/tickets', { subject: 'Budget figures', text: 'Please call back' });
      expectErrorBody(ticketResponse, 403, /CSRF/);

      const tokens = await db.query('SELECT id FROM api_tokens WHERE user_id = $1', [user.id]);
      expect(tokens.rows).toEqual([]);
      const tickets = await db.query('SELECT id FROM tickets WHERE created_by_id = $1', [user.id]);
      expect(tickets.rows).toEqual([]);

      http.csrfToken = csrfToken;
      expect((await http.post('/api/auth/tokens', { name: 'CI' })).status).toBe(201);
    });

    it('refuses a wrong CSRF token, including one that belongs to another session', async () => {
      const { client: http, user } = await signedInClient(testApp);
      const { client: other } = await signedInClient(testApp);

      http.csrfToken = 'not-the-token';
      expectErrorBody(await http.post('/api/auth/tokens', { name: 'CI' }), 403, /CSRF/);
      http.csrfToken = other.csrfToken;
      expectErrorBody(await http.post('/api/auth/tokens', { name: 'CI' }), 403, /CSRF/);

      const tokens = await db.query('SELECT id FROM api_tokens WHERE user_id = $1', [user.id]);
      expect(tokens.rows).toEqual([]);
    });

    it('refuses a cookie-authenticated PATCH without a valid CSRF header, and the change is not made', async () => {
      const { client: admin } = await signedInClient(testApp, 'admin');
      const agent = await createUser(testApp, 'agent', { name: 'Ada Agent' });
      admin.csrfToken = null;
      expectErrorBody(await admin.patch(`/api/users/${agent.id}`, { name: 'Renamed' }), 403, /CSRF/);
      admin.csrfToken = 'x'.repeat(43);
      expectErrorBody(await admin.patch(`/api/users/${agent.id}`, { name: 'Renamed' }), 403, /CSRF/);

      const { rows } = await db.query('SELECT name FROM users WHERE id = $1', [agent.id]);
      expect(rows).toEqual([{ name: 'Ada Agent' }]);
    });
  });
});
