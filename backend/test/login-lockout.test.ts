import type { SecondFactorChallengeDto, SessionDto } from '@newsdesk/shared';
import type pg from 'pg';
import { setCookies } from './cookies.js';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';
import { controlClock, enrolTotp, totpCode } from './two-factor.js';

const MAX_ATTEMPTS = 3;
const LOCKOUT_MINUTES = 15;
const ATTACKER_IP = '198.51.100.66';
const OWNER_IP = '203.0.113.10';

describe('lockout cannot lock a colleague out', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let clock: ReturnType<typeof controlClock>;

  beforeAll(async () => {
    // Behind a proxy: the client address comes from X-Forwarded-For, so one test can be several addresses.
    testApp = await createTestApp({ LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS), LOGIN_LOCKOUT_MINUTES: String(LOCKOUT_MINUTES), TRUST_PROXY: 'true' });
    db = await connectDatabase(testApp);
    clock = controlClock(testApp);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });
  beforeEach(async () => {
    await db.query('DELETE FROM login_attempts');
    clock.advance(60_000);
  });

  const login = (user: Pick<TestUser, 'email'>, password: string, ip: string, client = new HttpClient(testApp.baseUrl)) =>
    client.post<SessionDto & SecondFactorChallengeDto>('/api/auth/login', { email: user.email, password }, { 'x-forwarded-for': ip });
  const sessionCount = async (userId: string) =>
    (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM sessions WHERE user_id = $1', [userId])).rows[0].count;

  it('locks the attacker’s address with a growing Retry-After while the owner signs in from their own', async () => {
    const colleague = await createUser(testApp, 'manager');
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      expectErrorBody(await login(colleague, `guess number ${attempt}`, ATTACKER_IP), 401);
    }

    const retryAfters: number[] = [];
    for (let round = 0; round < 3; round++) {
      const locked = await login(colleague, 'yet another guess', ATTACKER_IP);
      expectErrorBody(locked, 429, /locked/);
      expect(setCookies(locked)).toEqual([]);
      retryAfters.push(Number(locked.headers.get('retry-after')));

      // The colleague, from their own address, is not locked out at any point.
      const owner = await login(colleague, colleague.password, OWNER_IP);
      expect(owner.status).toBe(200);
      expect(owner.body.csrfToken).toEqual(expect.any(String));

      // The lock ends; the attacker's next wrong guess earns a lock twice as long.
      clock.advance(retryAfters[round] * 1000 + 1000);
      expectErrorBody(await login(colleague, 'after the lock', ATTACKER_IP), 401);
    }
    expect(retryAfters).toEqual([LOCKOUT_MINUTES * 60, 2 * LOCKOUT_MINUTES * 60, 4 * LOCKOUT_MINUTES * 60]);
    expect(await sessionCount(colleague.id)).toBe(3);
  });

  it('keeps the attacker locked after the owner signs in: a success clears only the owner’s own address', async () => {
    const colleague = await createUser(testApp);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) await login(colleague, 'a wrong guess', ATTACKER_IP);
    expect((await login(colleague, colleague.password, OWNER_IP)).status).toBe(200);

    const locked = await login(colleague, colleague.password, ATTACKER_IP);
    expectErrorBody(locked, 429, /locked/);
    expect(setCookies(locked)).toEqual([]);
  });

  it('counts a burst of parallel guesses: at most LOGIN_MAX_ATTEMPTS of them are checked, in a burst or after it', async () => {
    const colleague = await createUser(testApp);
    const burst = await Promise.all(Array.from({ length: 12 }, (_, attempt) => login(colleague, `parallel guess ${attempt}`, ATTACKER_IP)));
    const checked = burst.filter((response) => response.status === 401).length;
    // Attempts in flight count against each other, so a burst may get fewer checks, never more.
    expect(checked).toBeLessThanOrEqual(MAX_ATTEMPTS);
    expect(burst.filter((response) => response.status === 429)).toHaveLength(12 - checked);

    let more = 0;
    while ((await login(colleague, 'a sequential guess', ATTACKER_IP)).status === 401) more++;
    expect(checked + more).toBe(MAX_ATTEMPTS);
    const failures = await db.query('SELECT 1 FROM login_attempts WHERE email = $1', [colleague.email]);
    expect(failures.rowCount).toBe(MAX_ATTEMPTS);
  });

  it('counts an IPv6 attacker by their /64, however they rotate the addresses in it', async () => {
    const colleague = await createUser(testApp);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expectErrorBody(await login(colleague, 'a wrong guess', `2001:db8:66:1::${attempt}`), 401);
    }
    const rotated = await login(colleague, colleague.password, '2001:db8:66:1:abcd::99');
    expectErrorBody(rotated, 429, /locked/);
    expect(setCookies(rotated)).toEqual([]);
    expect((await login(colleague, colleague.password, '2001:db8:77:1::1')).status).toBe(200);
  });

  it('limits one address spraying a password across many accounts, without locking those accounts elsewhere', async () => {
    const victims = await Promise.all(Array.from({ length: MAX_ATTEMPTS * 4 }, () => createUser(testApp)));
    for (const victim of victims) expectErrorBody(await login(victim, 'Summer2026!', ATTACKER_IP), 401);

    const bystander = await createUser(testApp);
    const sprayed = await login(bystander, bystander.password, ATTACKER_IP);
    expectErrorBody(sprayed, 429, /from this address/);
    expect(Number(sprayed.headers.get('retry-after'))).toBe(LOCKOUT_MINUTES * 60);
    expect(await sessionCount(bystander.id)).toBe(0);

    expect((await login(victims[0], victims[0].password, OWNER_IP)).status).toBe(200);
    expect((await login(bystander, bystander.password, OWNER_IP)).status).toBe(200);
  });

  describe('an attack on one account from many addresses', () => {
    const attackFromManyAddresses = async (user: TestUser) => {
      for (let address = 1; address <= 4; address++) {
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
          expectErrorBody(await login(user, `botnet guess ${attempt}`, `192.0.2.${address}`), 401);
        }
      }
    };

    it('still lets an owner with TOTP in from a new address, after the second factor', async () => {
      const { client, user } = await signedInClient(testApp, 'admin');
      const { secret } = await enrolTotp(client, clock.now());
      clock.advance(30_000);
      await attackFromManyAddresses(user);

      const owner = new HttpClient(testApp.baseUrl);
      const first = await login(user, user.password, '203.0.113.77', owner);
      expect(first.status).toBe(200);
      expect(first.body.secondFactorRequired).toBe(true);
      const second = await owner.post<SessionDto>('/api/auth/login/second-factor', { challenge: first.body.challenge, code: totpCode(secret, clock.now()) }, { 'x-forwarded-for': '203.0.113.77' });
      expect(second.status).toBe(200);
      expect(second.body.user.id).toBe(user.id);
      // A wrong password from another new address still learns nothing more than a 401.
      expectErrorBody(await login(user, 'one more guess', '203.0.113.78'), 401);
    });

    it('pauses password-only sign-in for an account without TOTP, the same for every password', async () => {
      const user = await createUser(testApp);
      await attackFromManyAddresses(user);

      const right = await login(user, user.password, '203.0.113.77');
      const wrong = await login(user, 'not it either', '203.0.113.78');
      expectErrorBody(right, 429, /several addresses/);
      expectErrorBody(wrong, 429, /several addresses/);
      expect(await sessionCount(user.id)).toBe(0);

      clock.advance(LOCKOUT_MINUTES * 60_000 + 1000);
      expect((await login(user, user.password, '203.0.113.77')).status).toBe(200);
    });
  });
});
