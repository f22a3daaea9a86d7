import type { PasswordResetRequestedDto, SecondFactorChallengeDto, SessionDto } from '@newsdesk/shared';
import type pg from 'pg';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';
import { controlClock, enrolTotp } from './two-factor.js';

const NEW_PASSWORD = 'lantern orchard pebble quietly';
const MAX_PER_EMAIL = 3;
const MAX_PER_IP = 6;
const MINUTE = 60_000;

/** "Forgot password" through the real HTTP door: the same answer for everyone, one mailed single-use link, and every hold on the account ended. */
describe('forgot password', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let clock: ReturnType<typeof controlClock>;
  let ipSeq = 0;

  beforeAll(async () => {
    testApp = await createTestApp({
      TRUST_PROXY: 'true',
      LOGIN_MAX_ATTEMPTS: '3',
      PASSWORD_RESET_MAX_PER_EMAIL_PER_HOUR: String(MAX_PER_EMAIL),
      PASSWORD_RESET_MAX_PER_IP_PER_HOUR: String(MAX_PER_IP),
    });
    db = await connectDatabase(testApp);
    clock = controlClock(testApp);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  // Each test asks from its own address, so the per-network limit of one test never touches another.
  const freshIp = () => `198.51.100.${++ipSeq}`;
  const anonymous = () => new HttpClient(testApp.baseUrl);
  const ask = (email: string, ip: string) => anonymous().post<PasswordResetRequestedDto>('/api/auth/password-reset-requests', { email }, { 'x-forwarded-for': ip });
  const complete = (token: string, password: string) => anonymous().post('/api/auth/password-resets', { token, password });
  const resetMails = async (email: string) =>
    (
      await db.query<{ text: string }>(
        `SELECT text FROM outbound_messages WHERE subject = 'Newsdesk: choose a new password' AND to_addresses->0->>'address' = $1 ORDER BY created_at, id`,
        [email],
      )
    ).rows;
  const tokenIn = (text: string) => {
    const match = /\/reset-password#token=([A-Za-z0-9_-]+)/.exec(text);
    if (!match) throw new Error(`no reset link in the mail:\n${text}`);
    return match[1];
  };
  /** Asks for a link for the user and returns the token the mail carries. */
  const linkFor = async (user: TestUser) => {
    expect((await ask(user.email, freshIp())).status).toBe(202);
    const mails = await resetMails(user.email);
    return tokenIn(mails[mails.length - 1].text);
  };
  const canSignIn = async (email: string, password: string, ip = freshIp()) =>
    (await anonymous().post<SessionDto>('/api/auth/login', { email, password }, { 'x-forwarded-for': ip })).status;

  it('answers an unknown address exactly as a known one, and mails only the account holder', async () => {
    const user = await createUser(testApp, 'agent', { email: 'known.person@press.test' });
    const known = await ask(' Known.Person@press.test ', freshIp());
    const unknown = await ask('nobody.here@press.test', freshIp());

    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body.message.replace(user.email, 'X')).toBe(unknown.body.message.replace('nobody.here@press.test', 'X'));
    expect(Object.keys(known.body)).toEqual(Object.keys(unknown.body));
    expect(await resetMails(user.email)).toHaveLength(1);
    expect(await resetMails('nobody.here@press.test')).toHaveLength(0);

    const text = (await resetMails(user.email))[0].text;
    expect(text).toContain(`${testApp.config.publicUrl}/reset-password#token=`);
    // At rest the token is only a keyed hash, with an expiry 30 minutes out.
    const token = tokenIn(text);
    const stored = await db.query<{ token_hash: string; expires_at: Date }>('SELECT token_hash, expires_at FROM password_reset_tokens WHERE user_id = $1', [user.id]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].token_hash).not.toContain(token);
    expect(stored.rows[0].expires_at.getTime()).toBe(clock.now() + 30 * MINUTE);
  });

  it('sends no link to a deactivated account, with the same answer', async () => {
    const { client: admin } = await signedInClient(testApp, 'admin');
    const user = await createUser(testApp);
    expect((await admin.patch(`/api/users/${user.id}`, { active: false })).status).toBe(200);
    const answer = await ask(user.email, freshIp());
    expect(answer.status).toBe(202);
    expect(answer.body.message).toMatch(/If an account uses/);
    expect(await resetMails(user.email)).toHaveLength(0);
  });

  it('sets the new password with the link, ends every session and API token, and lifts the lockout', async () => {
    const { client: victim, user } = await signedInClient(testApp);
    const token = (await victim.post<{ token: string }>('/api/auth/tokens', { name: 'script' })).body.token;
    const bearer = new HttpClient(testApp.baseUrl);
    bearer.bearer = token;
    expect((await bearer.get('/api/tickets')).status).toBe(200);
    // The owner locked themselves out from their office address.
    const office = freshIp();
    for (let i = 0; i < 3; i += 1) await anonymous().post('/api/auth/login', { email: user.email, password: 'wrong guess here' }, { 'x-forwarded-for': office });
    expect(await canSignIn(user.email, user.password, office)).toBe(429);

    const reset = await complete(await linkFor(user), NEW_PASSWORD);
    expect(reset.status).toBe(204);
    // The reset itself signs nobody in.
    expect(reset.headers.getSetCookie()).toEqual([]);

    expect((await victim.get('/api/auth/session')).status).toBe(401);
    expect((await bearer.get('/api/tickets')).status).toBe(401);
    const sessions = await db.query('SELECT 1 FROM sessions WHERE user_id = $1', [user.id]);
    expect(sessions.rows).toHaveLength(0);
    expect(await canSignIn(user.email, user.password)).toBe(401);
    expect(await canSignIn(user.email, NEW_PASSWORD, office)).toBe(200);

    const events = await db.query<{ after: Record<string, unknown> }>(`SELECT after FROM events WHERE type = 'user.password_reset' AND entity_id = $1`, [user.id]);
    expect(events.rows[0].after).toMatchObject({ via: 'emailed link', sessions: 1, apiTokens: 1, lockoutLifted: true });
    const notice = await db.query(`SELECT 1 FROM outbound_messages WHERE subject = 'Newsdesk: your password was changed' AND to_addresses->0->>'address' = $1`, [user.email]);
    expect(notice.rows).toHaveLength(1);
  });

  it("never lets a manager read an admin's reset link from the outbox: not in the list, not as .eml", async () => {
    const admin = await createUser(testApp, 'admin');
    const { client: manager, user: managerUser } = await signedInClient(testApp, 'manager');
    expect((await ask(admin.email, freshIp())).status).toBe(202);
    const [{ id }] = (
      await db.query<{ id: string }>(
        `SELECT id FROM outbound_messages WHERE subject = 'Newsdesk: choose a new password' AND to_addresses->0->>'address' = $1`,
        [admin.email],
      )
    ).rows;

    const list = await manager.get<{ items: { id: string; text: string | null }[] }>('/api/outbox?kind=notification');
    expect(list.status).toBe(200);
    expect(list.body.items.find((item) => item.id === id)?.text).toBeNull();
    const eml = await manager.get(`/api/outbox/${id}/eml`);
    expectErrorBody(eml, 403, /sent to/);
    expect(JSON.stringify(eml.body)).not.toMatch(/reset-password#token=/);

    // The manager's own reset mail is theirs to read.
    expect((await ask(managerUser.email, freshIp())).status).toBe(202);
    const [{ id: own }] = (
      await db.query<{ id: string }>(
        `SELECT id FROM outbound_messages WHERE subject = 'Newsdesk: choose a new password' AND to_addresses->0->>'address' = $1`,
        [managerUser.email],
      )
    ).rows;
    const ownEml = await manager.get(`/api/outbox/${own}/eml`);
    expect(ownEml.status).toBe(200);
  });

  it('works once: a second use of the same link is refused and the password set first stays', async () => {
    const user = await createUser(testApp);
    const token = await linkFor(user);
    expect((await complete(token, NEW_PASSWORD)).status).toBe(204);
    expectErrorBody(await complete(token, 'another fine password for me'), 400, /not valid/);
    expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(200);
    expect(await canSignIn(user.email, 'another fine password for me')).toBe(401);
  });

  it('lets only one of two simultaneous uses of a link through', async () => {
    const user = await createUser(testApp);
    const token = await linkFor(user);
    const answers = await Promise.all([complete(token, NEW_PASSWORD), complete(token, 'another fine password for me')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 400]);
  });

  it('expires after 30 minutes on the clock, leaving the old password in place', async () => {
    const user = await createUser(testApp);
    const token = await linkFor(user);
    clock.advance(30 * MINUTE + 1000);
    expectErrorBody(await complete(token, NEW_PASSWORD), 400, /expired/);
    expect(await canSignIn(user.email, user.password)).toBe(200);
  });

  it('kills the previous link when a newer one is sent', async () => {
    const user = await createUser(testApp);
    const first = await linkFor(user);
    const second = await linkFor(user);
    expectErrorBody(await complete(first, NEW_PASSWORD), 400, /newer one/);
    expect((await complete(second, NEW_PASSWORD)).status).toBe(204);
  });

  it('applies the password policy without spending the link', async () => {
    const user = await createUser(testApp, 'agent', { name: 'Rosalind Franklin' });
    const token = await linkFor(user);
    const weak = expectErrorBody(await complete(token, 'rosalindfranklin'), 400);
    expect(weak.details?.[0]?.field).toBe('password');
    expectErrorBody(await complete(token, 'short'), 400, /at least 12/);
    expect((await complete(token, NEW_PASSWORD)).status).toBe(204);
  });

  it('refuses a made-up or malformed token with a readable message', async () => {
    expectErrorBody(await complete('A'.repeat(43), NEW_PASSWORD), 400, /not valid/);
    expectErrorBody(await complete('../../etc', NEW_PASSWORD), 400, /token/);
  });

  it('still asks a user with two-factor for the code at the next sign-in', async () => {
    const { client, user } = await signedInClient(testApp);
    await enrolTotp(client, clock.now());
    expect((await complete(await linkFor(user), NEW_PASSWORD)).status).toBe(204);

    const next = anonymous();
    const login = await next.post<SecondFactorChallengeDto>('/api/auth/login', { email: user.email, password: NEW_PASSWORD }, { 'x-forwarded-for': freshIp() });
    expect(login.status).toBe(200);
    expect(login.body.secondFactorRequired).toBe(true);
    expect((await next.get('/api/auth/session')).status).toBe(401);
    const credential = await db.query('SELECT confirmed_at FROM totp_credentials WHERE user_id = $1', [user.id]);
    expect(credential.rows[0].confirmed_at).not.toBeNull();
  });

  it('mails one address at most a few times an hour, answering the same every time', async () => {
    const user = await createUser(testApp);
    const answers = [];
    for (let i = 0; i < MAX_PER_EMAIL + 2; i += 1) answers.push(await ask(user.email, freshIp()));
    expect(answers.map((answer) => answer.status)).toEqual(Array(MAX_PER_EMAIL + 2).fill(202));
    expect(new Set(answers.map((answer) => answer.body.message)).size).toBe(1);
    expect(await resetMails(user.email)).toHaveLength(MAX_PER_EMAIL);

    clock.advance(61 * MINUTE);
    await ask(user.email, freshIp());
    expect(await resetMails(user.email)).toHaveLength(MAX_PER_EMAIL + 1);
  });

  it('refuses one network that asks for many addresses with 429, and other networks still get through', async () => {
    const network = freshIp();
    for (let i = 0; i < MAX_PER_IP; i += 1) expect((await ask(`probe-${i}@press.test`, network)).status).toBe(202);
    const refused = await ask('probe-last@press.test', network);
    expectErrorBody(refused, 429, /Too many password reset requests/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const user = await createUser(testApp);
    expect((await ask(user.email, freshIp())).status).toBe(202);
    expect(await resetMails(user.email)).toHaveLength(1);
    const counted = await db.query('SELECT ip_key, email_key FROM password_reset_requests');
    expect(JSON.stringify(counted.rows)).not.toContain('press.test');
  });

  it('refuses a request from another site or as a form post, like sign-in', async () => {
    const user = await createUser(testApp);
    const crossSite = await anonymous().post('/api/auth/password-reset-requests', { email: user.email }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expectErrorBody(crossSite, 403);
    const formPost = await anonymous().post('/api/auth/password-reset-requests', `email=${encodeURIComponent(user.email)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expectErrorBody(formPost, 415);
    const resetCrossSite = await anonymous().post('/api/auth/password-resets', { token: 'A'.repeat(43), password: NEW_PASSWORD }, { origin: 'https://evil.example' });
    expectErrorBody(resetCrossSite, 403);
    expect(await resetMails(user.email)).toHaveLength(0);
  });
});

describe('admins unlock an account', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ TRUST_PROXY: 'true', LOGIN_MAX_ATTEMPTS: '3' });
  });
  afterAll(() => testApp.close());

  it('lifts a lockout with DELETE /api/users/:id/lockout, which only admins may call', async () => {
    const user = await createUser(testApp);
    const ip = '192.0.2.77';
    const attempt = (password: string) => new HttpClient(testApp.baseUrl).post('/api/auth/login', { email: user.email, password }, { 'x-forwarded-for': ip });
    for (let i = 0; i < 3; i += 1) await attempt('wrong guess here');
    expect((await attempt(user.password)).status).toBe(429);

    const { client: manager } = await signedInClient(testApp, 'manager');
    expectErrorBody(await manager.delete(`/api/users/${user.id}/lockout`), 403);
    expect((await attempt(user.password)).status).toBe(429);

    const { client: admin } = await signedInClient(testApp, 'admin');
    expectErrorBody(await admin.delete('/api/users/not-a-user/lockout'), 404);
    expect((await admin.delete(`/api/users/${user.id}/lockout`)).status).toBe(204);
    expect((await attempt(user.password)).status).toBe(200);
  });
});
