import type { SessionDto, UserDto } from '@newsdesk/shared';
import type pg from 'pg';
import { SetupService } from '../src/auth/setup.service.js';
import { AppSecrets } from '../src/config/app-secrets.js';
import { setCookie } from './cookies.js';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const PUBLIC_URL = 'http://newsdesk.test:8080';
const FIRST_ADMIN = { email: 'Chief@Press.test', name: 'Chief Press Officer', password: 'a long and careful passphrase' };

/** The states below build on each other: first run, wrong tries, the first admin, then nothing more. */
describe('first-run setup', () => {
  let testApp: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    testApp = await createTestApp({ PUBLIC_URL });
    db = await connectDatabase(testApp);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const client = () => new HttpClient(testApp.baseUrl);
  const issueToken = async (): Promise<string> => {
    const link = await testApp.app.get(SetupService).issueLink();
    expect(link).toMatch(new RegExp(`^${PUBLIC_URL}/setup\\?token=[A-Za-z0-9_-]{43}$`));
    return new URL(link as string).searchParams.get('token') as string;
  };
  const userCount = async () => (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM users')).rows[0].count;

  it('reports that setup is needed while there are no users, without authentication', async () => {
    const response = await client().get('/api/setup/status');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ needed: true });
  });

  it('refuses a token that was never issued with 403 and creates nobody', async () => {
    await issueToken();
    const response = await client().post('/api/setup', { ...FIRST_ADMIN, token: 'x'.repeat(43) });
    expectErrorBody(response, 403, 'This setup link is invalid or has already been used');
    expect(await userCount()).toBe(0);
  });

  it('stops an earlier link from working once a new one is issued', async () => {
    const earlier = await issueToken();
    await issueToken();
    expectErrorBody(await client().post('/api/setup', { ...FIRST_ADMIN, token: earlier }), 403);
    expect(await userCount()).toBe(0);
  });

  it('refuses a weak password with 400 and a per-field message', async () => {
    const token = await issueToken();
    const response = await client().post('/api/setup', { ...FIRST_ADMIN, password: 'short', token });
    const body = expectErrorBody(response, 400, 'password must be at least 12 characters');
    expect(body.details).toEqual([{ field: 'password', messages: ['password must be at least 12 characters'] }]);
    expect(await userCount()).toBe(0);
  });

  it('refuses a role or any other extra field in the setup body', async () => {
    const token = await issueToken();
    const response = await client().post('/api/setup', { ...FIRST_ADMIN, token, role: 'agent' });
    const body = expectErrorBody(response, 400, 'property role should not exist');
    expect(body.details).toEqual([{ field: 'role', messages: ['property role should not exist'] }]);
    expect(await userCount()).toBe(0);
  });

  it('creates the first admin from the link and signs them in', async () => {
    const token = await issueToken();
    const admin = client();
    const response = await admin.post<SessionDto>('/api/setup', { ...FIRST_ADMIN, token });

    expect(response.status).toBe(201);
    expect(response.body.user).toEqual({
      id: expect.any(String),
      email: 'chief@press.test',
      name: 'Chief Press Officer',
      role: 'admin',
      active: true,
      canApprove: false,
      createdAt: expect.any(String),
    });
    expect(setCookie(response, 'nd_session').attributes).toMatchObject({ httponly: true, samesite: 'Lax' });
    admin.csrfToken = response.body.csrfToken;
    const session = await admin.get<SessionDto>('/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.id).toBe(response.body.user.id);
    // Signed in as an admin: an admin-only write goes through.
    const desk = { email: 'desk@press.test', name: 'Desk', password: 'another long passphrase', role: 'agent' };
    const created = await admin.post<UserDto>('/api/users', desk);
    expect(created.status).toBe(201);

    const events = await db.query('SELECT actor_id, after FROM events WHERE type = $1 AND entity_id = $2', ['user.created', response.body.user.id]);
    expect(events.rows).toEqual([{ actor_id: null, after: { email: 'chief@press.test', name: 'Chief Press Officer', role: 'admin' } }]);

    // The same link a second time: refused, and no second admin.
    const again = await client().post('/api/setup', { ...FIRST_ADMIN, email: 'intruder@press.test', token });
    expectErrorBody(again, 403, 'This setup link is invalid or has already been used');
    const intruder = await db.query('SELECT id FROM users WHERE email = $1', ['intruder@press.test']);
    expect(intruder.rows).toEqual([]);
    const admins = await db.query(`SELECT email FROM users WHERE role = 'admin'`);
    expect(admins.rows).toEqual([{ email: 'chief@press.test' }]);
  });

  it('reports setup as done and issues no further links once a user exists', async () => {
    const response = await client().get('/api/setup/status');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ needed: false });
    expect(await testApp.app.get(SetupService).issueLink()).toBeNull();
  });

  it('refuses an unused link from before the first user existed', async () => {
    // A link printed at boot and never opened, while the first admin came in another way.
    const stale = 'a-link-printed-at-boot-and-never-opened';
    await db.query('INSERT INTO setup_tokens (token_hash) VALUES ($1)', [testApp.app.get(AppSecrets).hashToken(stale)]);
    const users = await userCount();

    const response = await client().post('/api/setup', { ...FIRST_ADMIN, email: 'second@press.test', token: stale });
    expectErrorBody(response, 403, 'This setup link is invalid or has already been used');
    expect(await userCount()).toBe(users);
  });
});

describe('first-run setup under a race', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('creates exactly one admin when the same link is submitted twice at once', async () => {
    const link = (await testApp.app.get(SetupService).issueLink()) as string;
    const token = new URL(link).searchParams.get('token') as string;

    const responses = await Promise.all(
      ['first@press.test', 'second@press.test'].map((email) =>
        new HttpClient(testApp.baseUrl).post('/api/setup', { ...FIRST_ADMIN, email, token }),
      ),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([201, 403]);
    const status = await new HttpClient(testApp.baseUrl).get('/api/setup/status');
    expect(status.body).toEqual({ needed: false });
    const db = await connectDatabase(testApp);
    try {
      const { rows } = await db.query('SELECT role FROM users');
      expect(rows).toEqual([{ role: 'admin' }]);
    } finally {
      await db.end();
    }
  });
});
