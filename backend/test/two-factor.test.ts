import { TWO_FACTOR_ENROLMENT_REQUIRED, type SecondFactorChallengeDto, type SessionDto, type TwoFactorStatusDto } from '@newsdesk/shared';
import type pg from 'pg';
import { ApiTokensService } from '../src/auth/api-tokens.service.js';
import { setCookies } from './cookies.js';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient, type HttpResponse } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';
import { controlClock, enrolTotp, totpCode } from './two-factor.js';

const MAX_ATTEMPTS = 3;
const STEP = 30_000;

describe('two-factor sign-in (TOTP)', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let clock: ReturnType<typeof controlClock>;

  beforeAll(async () => {
    testApp = await createTestApp({ LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS), TRUST_PROXY: 'true' });
    db = await connectDatabase(testApp);
    clock = controlClock(testApp);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });
  // Each test starts in a fresh 30-second step, so no code carries over from the previous test.
  beforeEach(() => clock.advance(10 * STEP));

  const sessionCount = async (userId: string) =>
    (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM sessions WHERE user_id = $1', [userId])).rows[0].count;
  const login = (client: HttpClient, user: TestUser, ip = '203.0.113.10') =>
    client.post<SessionDto & SecondFactorChallengeDto>('/api/auth/login', { email: user.email, password: user.password }, { 'x-forwarded-for': ip });
  const secondStep = async (client: HttpClient, body: Record<string, string>, ip = '203.0.113.10'): Promise<HttpResponse<SessionDto>> => {
    const response = await client.post<SessionDto>('/api/auth/login/second-factor', body, { 'x-forwarded-for': ip });
    if (response.status === 200) client.csrfToken = response.body.csrfToken;
    return response;
  };
  /** A user with TOTP on, enrolled through the API, signed out again. */
  const enrolledUser = async (role: 'agent' | 'manager' | 'admin' = 'agent') => {
    const { client, user } = await signedInClient(testApp, role);
    const enrolment = await enrolTotp(client, clock.now());
    await client.post('/api/auth/logout');
    clock.advance(STEP);
    return { user, ...enrolment };
  };

  describe('enrolment', () => {
    it('starts with an otpauth URI, counts only after a first code, and shows ten recovery codes once', async () => {
      const { client, user } = await signedInClient(testApp);
      const started = await client.post('/api/auth/two-factor/enrolment');
      expect(started.status).toBe(200);
      const { otpauthUri, secret } = started.body as { otpauthUri: string; secret: string };
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Newsdesk:/);
      expect(new URL(otpauthUri).searchParams.get('secret')).toBe(secret);
      expect((await client.get<TwoFactorStatusDto>('/api/auth/two-factor')).body).toMatchObject({ enabled: false, enrolmentPending: false });

      expectErrorBody(await client.post('/api/auth/two-factor/enrolment/confirmation', { code: totpCode(secret, clock.now() + 10 * STEP) }), 400, /not right/);
      expect((await client.get<TwoFactorStatusDto>('/api/auth/two-factor')).body.enabled).toBe(false);

      const confirmed = await client.post('/api/auth/two-factor/enrolment/confirmation', { code: totpCode(secret, clock.now()) });
      expect(confirmed.status).toBe(200);
      const codes = confirmed.body.recoveryCodes as string[];
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
      expect((await client.get<TwoFactorStatusDto>('/api/auth/two-factor')).body).toEqual({ enabled: true, required: false, enrolmentPending: false, recoveryCodesLeft: 10 });

      // At rest: the secret is encrypted, the recovery codes are keyed hashes.
      const { rows } = await db.query('SELECT secret_encrypted FROM totp_credentials WHERE user_id = $1', [user.id]);
      expect(rows[0].secret_encrypted).not.toContain(secret);
      expect(rows[0].secret_encrypted).toMatch(/^v1\./);
      const stored = await db.query<{ code_hash: string }>('SELECT code_hash FROM recovery_codes WHERE user_id = $1', [user.id]);
      expect(stored.rows).toHaveLength(10);
      for (const { code_hash } of stored.rows) expect(codes.some((code) => code_hash.includes(code) || code_hash.includes(code.replace('-', '')))).toBe(false);

      // A second enrolment cannot silently replace the confirmed secret.
      expectErrorBody(await client.post('/api/auth/two-factor/enrolment'), 409, /already on/);
    });

    it('refuses enrolment through an API token: the second factor belongs to dashboard sign-in', async () => {
      const user = await createUser(testApp);
      const token = await testApp.app.get(ApiTokensService).create(user.id, 'CI', user.id);
      const client = new HttpClient(testApp.baseUrl);
      client.bearer = token.token ?? null;
      expectErrorBody(await client.post('/api/auth/two-factor/enrolment'), 403, /API token/);
      expect((await db.query('SELECT 1 FROM totp_credentials WHERE user_id = $1', [user.id])).rowCount).toBe(0);
    });
  });

  describe('signing in', () => {
    it('asks for the second factor after the password, with no session until a correct code', async () => {
      const { user, secret } = await enrolledUser();
      const client = new HttpClient(testApp.baseUrl);
      const first = await login(client, user);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ secondFactorRequired: true, challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: expect.any(String) });
      expect(setCookies(first)).toEqual([]);
      expect(await sessionCount(user.id)).toBe(0);
      expectErrorBody(await client.get('/api/auth/session'), 401);
      expectErrorBody(await client.get('/api/tickets'), 401);

      const second = await secondStep(client, { challenge: first.body.challenge, code: totpCode(secret, clock.now()) });
      expect(second.status).toBe(200);
      expect(second.body.user.id).toBe(user.id);
      expect(await sessionCount(user.id)).toBe(1);
      expect((await client.get('/api/tickets')).status).toBe(200);
      const events = await db.query(`SELECT after->>'secondFactor' AS factor FROM events WHERE type = 'auth.login' AND entity_id = $1`, [user.id]);
      expect(events.rows).toContainEqual({ factor: 'totp' });
    });

    it('accepts a code from the previous step (clock drift) but not from two steps back', async () => {
      const { user, secret } = await enrolledUser();
      // Past the step whose code confirmed the enrolment (that code is used up).
      clock.advance(2 * STEP);
      const stale = await login(new HttpClient(testApp.baseUrl), user);
      expectErrorBody(await secondStep(new HttpClient(testApp.baseUrl), { challenge: stale.body.challenge, code: totpCode(secret, clock.now() - 2 * STEP) }), 401);
      const drift = await login(new HttpClient(testApp.baseUrl), user);
      expect((await secondStep(new HttpClient(testApp.baseUrl), { challenge: drift.body.challenge, code: totpCode(secret, clock.now() - STEP) })).status).toBe(200);
    });

    it('refuses the same code a second time within its window (replay), and starts no session', async () => {
      const { user, secret } = await enrolledUser();
      const code = totpCode(secret, clock.now());
      const victim = new HttpClient(testApp.baseUrl);
      expect((await secondStep(victim, { challenge: (await login(victim, user)).body.challenge, code })).status).toBe(200);

      // Someone who saw the code (shoulder, phishing proxy) and knows the password tries it again, 10 seconds later.
      clock.advance(10_000);
      const attacker = new HttpClient(testApp.baseUrl);
      const challenge = (await login(attacker, user, '198.51.100.66')).body.challenge;
      const replay = await secondStep(attacker, { challenge, code }, '198.51.100.66');
      expectErrorBody(replay, 401, /already used/);
      expect(setCookies(replay)).toEqual([]);
      expect(await sessionCount(user.id)).toBe(1);
    });

    it('signs in once with each recovery code and refuses it the second time', async () => {
      const { user, recoveryCodes } = await enrolledUser();
      const client = new HttpClient(testApp.baseUrl);
      const first = await secondStep(client, { challenge: (await login(client, user)).body.challenge, recoveryCode: recoveryCodes[3].toLowerCase().replace('-', ' ') });
      expect(first.status).toBe(200);
      expect((await client.get<TwoFactorStatusDto>('/api/auth/two-factor')).body.recoveryCodesLeft).toBe(9);
      const notice = await db.query<{ text: string }>(
        `SELECT text FROM outbound_messages WHERE subject = 'Newsdesk: signed in with a recovery code' AND to_addresses->0->>'address' = $1`,
        [user.email],
      );
      expect(notice.rows).toHaveLength(1);
      expect(notice.rows[0].text).toContain('9 of 10 are left');
      expect(notice.rows[0].text).not.toContain(recoveryCodes[3]);

      const again = new HttpClient(testApp.baseUrl);
      expectErrorBody(await secondStep(again, { challenge: (await login(again, user)).body.challenge, recoveryCode: recoveryCodes[3] }), 401);
      expect(await sessionCount(user.id)).toBe(1);
    });

    it('throttles wrong codes like passwords: the challenge is dropped, then the address is locked even for the right code', async () => {
      const { user, secret } = await enrolledUser();
      const client = new HttpClient(testApp.baseUrl);
      const challenge = (await login(client, user)).body.challenge;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        expectErrorBody(await secondStep(client, { challenge, code: String(100000 + attempt) }), 401);
      }
      const fresh = (await login(client, user)).body.challenge;
      const locked = await secondStep(client, { challenge: fresh, code: totpCode(secret, clock.now()) });
      expectErrorBody(locked, 429, /locked/);
      expect(Number(locked.headers.get('retry-after'))).toBe(testApp.config.LOGIN_LOCKOUT_MINUTES * 60);
      expect(await sessionCount(user.id)).toBe(0);
    });

    it('checks at most LOGIN_MAX_ATTEMPTS codes of a burst of parallel guesses, in the burst or after it', async () => {
      const { user } = await enrolledUser();
      const client = new HttpClient(testApp.baseUrl);
      const challenges: string[] = [];
      for (let index = 0; index < 10; index++) challenges.push((await login(client, user)).body.challenge);
      const burst = await Promise.all(challenges.map((challenge, index) => secondStep(new HttpClient(testApp.baseUrl), { challenge, code: String(200000 + index) })));
      const checked = burst.filter((response) => response.status === 401).length;
      expect(checked).toBeLessThanOrEqual(MAX_ATTEMPTS);
      expect(burst.filter((response) => response.status === 429)).toHaveLength(10 - checked);

      let more = 0;
      while ((await secondStep(client, { challenge: (await login(client, user)).body.challenge, code: '999999' })).status === 401) more++;
      expect(checked + more).toBe(MAX_ATTEMPTS);
      expect(await sessionCount(user.id)).toBe(0);
    });

    it('refuses an expired challenge and a made-up one', async () => {
      const { user, secret } = await enrolledUser();
      const client = new HttpClient(testApp.baseUrl);
      const challenge = (await login(client, user)).body.challenge;
      clock.advance(6 * 60_000);
      expectErrorBody(await secondStep(client, { challenge, code: totpCode(secret, clock.now()) }), 401, /expired/);
      expectErrorBody(await secondStep(client, { challenge: 'x'.repeat(43), code: '123456' }), 401, /expired/);
      expectErrorBody(await secondStep(client, { challenge, code: 'abc' }), 400, /6 digits/);
      expect(await sessionCount(user.id)).toBe(0);
    });
  });

  describe('new recovery codes', () => {
    it('replaces every recovery code for a current code from the app; the old ones stop working', async () => {
      const { user, secret, recoveryCodes } = await enrolledUser();
      const client = new HttpClient(testApp.baseUrl);
      await secondStep(client, { challenge: (await login(client, user)).body.challenge, recoveryCode: recoveryCodes[0] });

      expectErrorBody(await client.post('/api/auth/two-factor/recovery-codes', { code: totpCode(secret, clock.now() + 10 * STEP) }), 400, /not right/);
      const replaced = await client.post<{ recoveryCodes: string[] }>('/api/auth/two-factor/recovery-codes', { code: totpCode(secret, clock.now()) });
      expect(replaced.status).toBe(200);
      expect(replaced.body.recoveryCodes).toHaveLength(10);
      expect(replaced.body.recoveryCodes).not.toContain(recoveryCodes[1]);
      expect((await client.get<TwoFactorStatusDto>('/api/auth/two-factor')).body.recoveryCodesLeft).toBe(10);

      const old = new HttpClient(testApp.baseUrl);
      expectErrorBody(await secondStep(old, { challenge: (await login(old, user)).body.challenge, recoveryCode: recoveryCodes[1] }), 401);
      const fresh = new HttpClient(testApp.baseUrl);
      expect((await secondStep(fresh, { challenge: (await login(fresh, user)).body.challenge, recoveryCode: replaced.body.recoveryCodes[0] })).status).toBe(200);
    });
  });

  describe('turning it off', () => {
    it('needs the password and a current code; a wrong one changes nothing', async () => {
      const { user, secret } = await enrolledUser();
      const client = new HttpClient(testApp.baseUrl);
      await secondStep(client, { challenge: (await login(client, user)).body.challenge, code: totpCode(secret, clock.now()) });
      clock.advance(STEP);

      expectErrorBody(await client.request('DELETE', '/api/auth/two-factor', { password: 'not the password at all', code: totpCode(secret, clock.now()) }), 403, 'Password or code is incorrect');
      expectErrorBody(await client.request('DELETE', '/api/auth/two-factor', { password: user.password, code: totpCode(secret, clock.now() + 10 * STEP) }), 403, 'Password or code is incorrect');
      expectErrorBody(await client.request('DELETE', '/api/auth/two-factor', { password: user.password }), 400, /code/);
      expect((await db.query('SELECT 1 FROM totp_credentials WHERE user_id = $1 AND confirmed_at IS NOT NULL', [user.id])).rowCount).toBe(1);

      expect((await client.request('DELETE', '/api/auth/two-factor', { password: user.password, code: totpCode(secret, clock.now()) })).status).toBe(204);
      expect((await db.query('SELECT 1 FROM recovery_codes WHERE user_id = $1', [user.id])).rowCount).toBe(0);
      // The owner hears of every change to how they sign in, in case it was not them.
      const notices = await db.query<{ subject: string }>(
        `SELECT subject FROM outbound_messages WHERE kind = 'notification' AND to_addresses->0->>'address' = $1 ORDER BY created_at`,
        [user.email],
      );
      expect(notices.rows.map((row) => row.subject)).toEqual(['Newsdesk: two-factor sign-in turned on', 'Newsdesk: two-factor sign-in turned off']);
      const plain = await login(new HttpClient(testApp.baseUrl), user);
      expect(plain.body.csrfToken).toEqual(expect.any(String));
    });
  });
});

describe('an admin resetting a colleague’s two-factor sign-in', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let clock: ReturnType<typeof controlClock>;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    clock = controlClock(testApp);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('lets only an admin turn it off for someone who lost their phone', async () => {
    const { client: colleague, user } = await signedInClient(testApp, 'manager');
    await enrolTotp(colleague, clock.now());
    const { client: manager } = await signedInClient(testApp, 'manager');
    expectErrorBody(await manager.delete(`/api/users/${user.id}/two-factor`), 403, /admin/);
    expect((await db.query('SELECT 1 FROM totp_credentials WHERE user_id = $1', [user.id])).rowCount).toBe(1);

    const { client: admin } = await signedInClient(testApp, 'admin');
    expect((await admin.delete(`/api/users/${user.id}/two-factor`)).status).toBe(204);
    expect((await db.query('SELECT 1 FROM totp_credentials WHERE user_id = $1', [user.id])).rowCount).toBe(0);
    expect((await db.query('SELECT 1 FROM recovery_codes WHERE user_id = $1', [user.id])).rowCount).toBe(0);
    const plain = await new HttpClient(testApp.baseUrl).login(user.email, user.password);
    expect(plain.body.csrfToken).toEqual(expect.any(String));
    expectErrorBody(await admin.delete(`/api/users/${user.id}/two-factor`), 404);
  });
});

describe('two-factor sign-in required for admins and managers (AUTH_REQUIRE_TOTP_ROLES)', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let clock: ReturnType<typeof controlClock>;

  beforeAll(async () => {
    testApp = await createTestApp({ AUTH_REQUIRE_TOTP_ROLES: 'admin, manager' });
    db = await connectDatabase(testApp);
    clock = controlClock(testApp);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('lets a manager without TOTP do nothing but enrol, then everything', async () => {
    const { client, user } = await signedInClient(testApp, 'manager');
    expect((await client.get('/api/auth/session')).status).toBe(200);
    expect((await client.get<TwoFactorStatusDto>('/api/auth/two-factor')).body).toEqual({ enabled: false, required: true, enrolmentPending: true, recoveryCodesLeft: 0 });
    expectErrorBody(await client.get('/api/tickets'), 403, TWO_FACTOR_ENROLMENT_REQUIRED);
    expectErrorBody(await client.get('/api/users'), 403, TWO_FACTOR_ENROLMENT_REQUIRED);
    expectErrorBody(await client.post('/api/auth/tokens', { name: 'sneaky' }), 403, TWO_FACTOR_ENROLMENT_REQUIRED);
    expectErrorBody(await client.post('/api/tickets', { subject: 'Budget', text: 'Call back' }), 403, TWO_FACTOR_ENROLMENT_REQUIRED);
    expect((await db.query('SELECT 1 FROM api_tokens WHERE user_id = $1', [user.id])).rowCount).toBe(0);
    expect((await db.query('SELECT 1 FROM tickets WHERE created_by_id = $1', [user.id])).rowCount).toBe(0);

    await enrolTotp(client, clock.now());
    expect((await client.get('/api/tickets')).status).toBe(200);
    expectErrorBody(await client.request('DELETE', '/api/auth/two-factor', { password: user.password, code: '123456' }), 403, /must use two-factor/);
  });

  it('leaves agents and API tokens alone', async () => {
    const { client } = await signedInClient(testApp, 'agent');
    expect((await client.get('/api/tickets')).status).toBe(200);

    const admin = await createUser(testApp, 'admin');
    const token = await testApp.app.get(ApiTokensService).create(admin.id, 'CI', admin.id);
    const api = new HttpClient(testApp.baseUrl);
    api.bearer = token.token ?? null;
    expect((await api.get('/api/users')).status).toBe(200);
  });
});
