import type { ActiveSessionDto, ApiTokenDto } from '@newsdesk/shared';
import type pg from 'pg';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const MAX_ATTEMPTS = 3;
const NEW_PASSWORD = 'ocean marble quiet lantern';

describe("a user's sessions and API tokens", () => {
  let testApp: TestApp;
  let db: pg.Client;
  let admin: HttpClient;
  beforeAll(async () => {
    testApp = await createTestApp({ LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS) });
    db = await connectDatabase(testApp);
    ({ client: admin } = await signedInClient(testApp, 'admin'));
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });
  beforeEach(() => db.query('DELETE FROM login_attempts'));

  const signIn = async (user: TestUser, password = user.password) => {
    const client = new HttpClient(testApp.baseUrl);
    const response = await client.login(user.email, password);
    expect(response.status).toBe(200);
    return client;
  };
  const tokenFor = async (client: HttpClient, name = 'script') => {
    const created = await client.post<ApiTokenDto>('/api/auth/tokens', { name });
    expect(created.status).toBe(201);
    const bearer = new HttpClient(testApp.baseUrl);
    bearer.bearer = created.body.token ?? '';
    return { id: created.body.id, bearer };
  };
  const sessionCount = async (userId: string) =>
    (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM sessions WHERE user_id = $1', [userId])).rows[0].count;

  describe("an admin's password reset", () => {
    it('ends every session, revokes every API token and lifts the lockout of that user', async () => {
      const user = await createUser(testApp);
      const laptop = await signIn(user);
      const phone = await signIn(user);
      const script = await tokenFor(laptop);
      expect((await script.bearer.get('/api/tickets')).status).toBe(200);
      // Someone guesses at the account until it locks; now even the right password is refused.
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) await new HttpClient(testApp.baseUrl).login(user.email, 'a wrong guess at it');
      expectErrorBody(await new HttpClient(testApp.baseUrl).login(user.email, user.password), 429);

      expect((await admin.patch(`/api/users/${user.id}`, { password: NEW_PASSWORD })).status).toBe(200);

      expectErrorBody(await laptop.get('/api/auth/session'), 401);
      expectErrorBody(await phone.get('/api/tickets'), 401);
      expectErrorBody(await script.bearer.get('/api/tickets'), 401, 'Invalid or revoked API token');
      expect(await sessionCount(user.id)).toBe(0);
      const tokens = await db.query('SELECT revoked_at FROM api_tokens WHERE user_id = $1', [user.id]);
      expect(tokens.rows).toEqual([{ revoked_at: expect.any(Date) }]);
      // Unlocked at once, with the new password.
      expect((await new HttpClient(testApp.baseUrl).login(user.email, NEW_PASSWORD)).status).toBe(200);
      const events = await db.query('SELECT after FROM events WHERE type = $1 AND entity_id = $2', ['user.access_revoked', user.id]);
      expect(events.rows).toEqual([{ after: { reason: 'password reset', sessions: 'all', apiTokens: 1, calendarLinks: 0, lockoutLifted: true } }]);
    });
  });

  describe('admins', () => {
    it("list any user's live sessions and tokens, without secrets", async () => {
      const user = await createUser(testApp);
      const laptop = await signIn(user);
      await signIn(user);
      await tokenFor(laptop, 'CMS import');

      const sessions = await admin.get<ActiveSessionDto[]>(`/api/users/${user.id}/sessions`);
      expect(sessions.status).toBe(200);
      expect(sessions.body).toHaveLength(2);
      for (const session of sessions.body) {
        expect(Object.keys(session).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'id', 'ip', 'lastSeenAt', 'userAgent']);
        expect(session.current).toBe(false);
        expect(session.ip).toBe('127.0.0.1');
      }
      const tokens = await admin.get<ApiTokenDto[]>(`/api/users/${user.id}/tokens`);
      expect(tokens.body).toEqual([expect.objectContaining({ name: 'CMS import', revokedAt: null })]);
      expect(tokens.body[0]).not.toHaveProperty('token');
    });

    it('end one session of a user, leaving the others, and revoke one token', async () => {
      const user = await createUser(testApp);
      const laptop = await signIn(user);
      const phone = await signIn(user);
      const script = await tokenFor(laptop);
      const phoneSession = await phone.get<ActiveSessionDto[]>('/api/users/me/sessions');
      const phoneId = phoneSession.body.find((session) => session.current)?.id;

      expect((await admin.delete(`/api/users/${user.id}/sessions/${phoneId}`)).status).toBe(204);
      expectErrorBody(await phone.get('/api/auth/session'), 401);
      expect((await laptop.get('/api/auth/session')).status).toBe(200);

      expect((await admin.delete(`/api/users/${user.id}/tokens/${script.id}`)).status).toBe(204);
      expectErrorBody(await script.bearer.get('/api/tickets'), 401);
      expect((await laptop.get('/api/auth/session')).status).toBe(200);
    });

    it('answer 404 for an unknown user, and for a session or token that belongs to someone else', async () => {
      const user = await createUser(testApp);
      const other = await createUser(testApp);
      const otherClient = await signIn(other);
      const otherToken = await tokenFor(otherClient);
      const otherSession = (await otherClient.get<ActiveSessionDto[]>('/api/users/me/sessions')).body[0];

      expectErrorBody(await admin.get('/api/users/9d7c3c52-41a5-4f0e-8f7e-1b2a3c4d5e6f/sessions'), 404);
      expectErrorBody(await admin.get('/api/users/not-a-uuid/tokens'), 404);
      expectErrorBody(await admin.delete(`/api/users/${user.id}/sessions/${otherSession.id}`), 404);
      expectErrorBody(await admin.delete(`/api/users/${user.id}/tokens/${otherToken.id}`), 404);
      expect((await otherClient.get('/api/auth/session')).status).toBe(200);
      expect((await otherToken.bearer.get('/api/tickets')).status).toBe(200);
    });
  });

  describe('everyone, for themselves', () => {
    it('sees their own sessions with the current one marked, and ends another', async () => {
      const user = await createUser(testApp);
      const laptop = await signIn(user);
      const phone = await signIn(user);

      const listed = await laptop.get<ActiveSessionDto[]>('/api/users/me/sessions');
      expect(listed.status).toBe(200);
      expect(listed.body.filter((session) => session.current)).toHaveLength(1);
      expect(listed.body).toHaveLength(2);
      expect((await laptop.get<ActiveSessionDto[]>(`/api/users/${user.id}/sessions`)).body).toEqual(listed.body);

      const other = listed.body.find((session) => !session.current) as ActiveSessionDto;
      expect((await laptop.delete(`/api/users/me/sessions/${other.id}`)).status).toBe(204);
      expectErrorBody(await phone.get('/api/auth/session'), 401);
      expect((await laptop.get('/api/auth/session')).status).toBe(200);
    });

    it('signs out everywhere else, keeping the current session', async () => {
      const user = await createUser(testApp);
      const laptop = await signIn(user);
      const phone = await signIn(user);
      const tablet = await signIn(user);

      const response = await laptop.delete<{ ended: number }>('/api/users/me/sessions');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ended: 2 });
      expect((await laptop.get('/api/auth/session')).status).toBe(200);
      expectErrorBody(await phone.get('/api/auth/session'), 401);
      expectErrorBody(await tablet.get('/api/auth/session'), 401);
      expect(await sessionCount(user.id)).toBe(1);
    });

    it('sees and revokes their own tokens under /users/me', async () => {
      const user = await createUser(testApp);
      const laptop = await signIn(user);
      const script = await tokenFor(laptop);
      expect((await laptop.get<ApiTokenDto[]>('/api/users/me/tokens')).body.map((token) => token.id)).toEqual([script.id]);
      expect((await laptop.delete(`/api/users/me/tokens/${script.id}`)).status).toBe(204);
      expectErrorBody(await script.bearer.get('/api/tickets'), 401);
    });
  });

  describe.each(['agent', 'manager'] as const)('a %s', (role) => {
    it("cannot list or end another user's sessions or tokens (403), and nothing changes", async () => {
      const { client: officer } = await signedInClient(testApp, role);
      const victim = await createUser(testApp, 'admin');
      const victimClient = await signIn(victim);
      const victimToken = await tokenFor(victimClient);
      const victimSession = (await victimClient.get<ActiveSessionDto[]>('/api/users/me/sessions')).body[0];

      expectErrorBody(await officer.get(`/api/users/${victim.id}/sessions`), 403, /Only an admin/);
      expectErrorBody(await officer.get(`/api/users/${victim.id}/tokens`), 403, /Only an admin/);
      expectErrorBody(await officer.delete(`/api/users/${victim.id}/sessions/${victimSession.id}`), 403);
      expectErrorBody(await officer.delete(`/api/users/${victim.id}/sessions`), 403);
      expectErrorBody(await officer.delete(`/api/users/${victim.id}/tokens/${victimToken.id}`), 403);
      // Through their own path, someone else's ids are simply not found.
      expectErrorBody(await officer.delete(`/api/users/me/sessions/${victimSession.id}`), 404);
      expectErrorBody(await officer.delete(`/api/users/me/tokens/${victimToken.id}`), 404);
      // Nor with an API token of their own.
      const { bearer } = await tokenFor(officer);
      expectErrorBody(await bearer.get(`/api/users/${victim.id}/sessions`), 403);
      expectErrorBody(await bearer.delete(`/api/users/${victim.id}/tokens/${victimToken.id}`), 403);

      expect((await victimClient.get('/api/auth/session')).status).toBe(200);
      expect((await victimToken.bearer.get('/api/tickets')).status).toBe(200);
      expect(await sessionCount(victim.id)).toBe(1);
    });
  });
});

describe('changing your own password', () => {
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
  beforeEach(() => db.query('DELETE FROM login_attempts'));

  const signIn = async (user: TestUser, password = user.password) => {
    const client = new HttpClient(testApp.baseUrl);
    expect((await client.login(user.email, password)).status).toBe(200);
    return client;
  };

  it('needs the current password, applies the policy, and signs out every other session', async () => {
    const user = await createUser(testApp);
    const laptop = await signIn(user);
    const phone = await signIn(user);

    const wrong = await laptop.request('PUT', '/api/users/me/password', { currentPassword: 'not my password', newPassword: NEW_PASSWORD });
    expect(expectErrorBody(wrong, 400, 'Your current password is incorrect').details).toEqual([{ field: 'currentPassword', messages: ['Your current password is incorrect'] }]);
    const weak = await laptop.request('PUT', '/api/users/me/password', { currentPassword: user.password, newPassword: 'password1234' });
    expect(expectErrorBody(weak, 400, /^newPassword: This password is too easy to guess/).details?.[0].field).toBe('newPassword');
    expect((await phone.get('/api/auth/session')).status).toBe(200);

    const changed = await laptop.request('PUT', '/api/users/me/password', { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ sessionsEnded: 1 });
    expect((await laptop.get('/api/auth/session')).status).toBe(200);
    expectErrorBody(await phone.get('/api/auth/session'), 401);
    expectErrorBody(await new HttpClient(testApp.baseUrl).login(user.email, user.password), 401);
    expect((await new HttpClient(testApp.baseUrl).login(user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('counts wrong current passwords like failed sign-ins, so a borrowed session cannot guess it', async () => {
    const user = await createUser(testApp);
    const laptop = await signIn(user);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      expectErrorBody(await laptop.request('PUT', '/api/users/me/password', { currentPassword: `guess number ${attempt}`, newPassword: NEW_PASSWORD }), 400);
    }
    expectErrorBody(await laptop.request('PUT', '/api/users/me/password', { currentPassword: user.password, newPassword: NEW_PASSWORD }), 429);
    // The same lockout as sign-in; once it lapses, the password is still the old one.
    await db.query('DELETE FROM login_attempts');
    expect((await new HttpClient(testApp.baseUrl).login(user.email, user.password)).status).toBe(200);
  });

  it("refuses to change someone else's password, even for an admin, and with an API token", async () => {
    const { client: admin } = await signedInClient(testApp, 'admin');
    const victim = await createUser(testApp);
    expectErrorBody(await admin.request('PUT', `/api/users/${victim.id}/password`, { currentPassword: 'whatever it is', newPassword: NEW_PASSWORD }), 403);
    const created = await admin.post<ApiTokenDto>('/api/auth/tokens', { name: 'script' });
    const script = new HttpClient(testApp.baseUrl);
    script.bearer = created.body.token ?? '';
    expectErrorBody(await script.request('PUT', '/api/users/me/password', { currentPassword: 'whatever it is', newPassword: NEW_PASSWORD }), 403);
    expect((await new HttpClient(testApp.baseUrl).login(victim.email, victim.password)).status).toBe(200);
  });
});
