import type { UserDto } from '@newsdesk/shared';
import type pg from 'pg';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const NEW_PASSWORD = 'a fresh passphrase for the desk';

describe('users', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let admin: HttpClient;
  let adminUser: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ client: admin, user: adminUser } = await signedInClient(testApp, 'admin'));
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  let counter = 0;
  const newUserBody = (overrides: Record<string, unknown> = {}) => ({
    email: `desk-${++counter}@press.test`,
    name: 'Dana Desk',
    password: NEW_PASSWORD,
    role: 'agent',
    ...overrides,
  });
  const sessionCount = async (userId: string) =>
    (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM sessions WHERE user_id = $1', [userId])).rows[0].count;

  describe('listing and reading', () => {
    it('lists the staff to any signed-in role, without password hashes', async () => {
      const { client: agent, user } = await signedInClient(testApp, 'agent');

      const response = await agent.get<UserDto[]>('/api/users');
      expect(response.status).toBe(200);
      expect(response.body.map((listed) => listed.id)).toEqual(expect.arrayContaining([user.id, adminUser.id]));
      for (const listed of response.body) {
        expect(Object.keys(listed).sort()).toEqual(['active', 'canApprove', 'createdAt', 'email', 'id', 'name', 'role']);
      }
    });

    it('reads one user by id', async () => {
      const { client: agent } = await signedInClient(testApp, 'agent');
      const response = await agent.get<UserDto>(`/api/users/${adminUser.id}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: adminUser.id, email: adminUser.email, role: 'admin', active: true });
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectErrorBody(await admin.get('/api/users/9d7c3c52-41a5-4f0e-8f7e-1b2a3c4d5e6f'), 404, 'User not found');
      expectErrorBody(await admin.get('/api/users/not-a-uuid'), 400, 'id must be a UUID');
    });
  });

  describe('creating', () => {
    it('lets an admin create a user who can then sign in', async () => {
      const body = newUserBody({ email: '  New.Officer@Press.test ', name: '  Nora Officer ', role: 'manager' });
      const response = await admin.post<UserDto>('/api/users', body);

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        email: 'new.officer@press.test',
        name: 'Nora Officer',
        role: 'manager',
        active: true,
        canApprove: false,
        createdAt: expect.any(String),
      });
      const login = await new HttpClient(testApp.baseUrl).login('new.officer@press.test', NEW_PASSWORD);
      expect(login.status).toBe(200);
      expect(login.body.user.id).toBe(response.body.id);
    });

    it('records user.created by the admin and auth.login by the new user', async () => {
      const created = await admin.post<UserDto>('/api/users', newUserBody());
      await new HttpClient(testApp.baseUrl).login(created.body.email, NEW_PASSWORD);

      const { rows } = await db.query('SELECT type, entity_type, actor_id, after FROM events WHERE entity_id = $1 ORDER BY id', [created.body.id]);
      expect(rows).toEqual([
        { type: 'user.created', entity_type: 'user', actor_id: adminUser.id, after: { email: created.body.email, name: 'Dana Desk', role: 'agent' } },
        { type: 'auth.login', entity_type: 'user', actor_id: created.body.id, after: { ip: '127.0.0.1' } },
      ]);
      // The event log never holds the password, not even hashed.
      expect(JSON.stringify(rows)).not.toContain(NEW_PASSWORD);
    });

    it.each(['agent', 'manager'] as const)('refuses user creation by the %s role with 403 and a message naming the role needed', async (role) => {
      const { client } = await signedInClient(testApp, role);
      const body = newUserBody();

      const response = await client.post('/api/users', body);
      expectErrorBody(response, 403, `This needs the admin role; you are signed in as ${role}`);
      const { rows } = await db.query('SELECT id FROM users WHERE email = $1', [body.email]);
      expect(rows).toEqual([]);
    });

    it('refuses a duplicate email, in any letter case, with 409', async () => {
      const existing = await createUser(testApp);
      const response = await admin.post('/api/users', newUserBody({ email: existing.email.toUpperCase() }));
      expect(expectErrorBody(response, 409, `A user with the email ${existing.email} already exists`).code).toBe('duplicate');
    });

    it('answers 409, not a server error, when the same email is created twice at once', async () => {
      const body = newUserBody();
      const responses = await Promise.all([admin.post('/api/users', body), admin.post('/api/users', body)]);

      expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
      expect(expectErrorBody(responses.find((response) => response.status === 409)!, 409, 'already exists').code).toBe('duplicate');
      const { rows } = await db.query('SELECT count(*)::int AS count FROM users WHERE email = $1', [body.email]);
      expect(rows).toEqual([{ count: 1 }]);
    });

    it.each([
      ['isAdmin', { isAdmin: true }],
      ['active', { active: false }],
      ['passwordHash', { passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$...' }],
    ])('refuses the unknown field %s with 400 naming it, and creates nobody', async (field, extra) => {
      const body = newUserBody(extra);
      const response = await admin.post('/api/users', body);

      const error = expectErrorBody(response, 400, `property ${field} should not exist`);
      expect(error.details).toEqual([{ field, messages: [`property ${field} should not exist`] }]);
      const { rows } = await db.query('SELECT id FROM users WHERE email = $1', [body.email]);
      expect(rows).toEqual([]);
    });

    it('lists every invalid field with its own message', async () => {
      const response = await admin.post('/api/users', { email: 'not an email', name: '', password: 'short', role: 'editor' });

      const error = expectErrorBody(response, 400);
      expect(error.details).toEqual(
        expect.arrayContaining([
          { field: 'email', messages: ['email must be a valid email address'] },
          { field: 'name', messages: ['name must not be empty'] },
          { field: 'password', messages: ['password must be at least 12 characters'] },
          { field: 'role', messages: ['role must be one of: admin, manager, agent'] },
        ]),
      );
      expect(error.details).toHaveLength(4);
    });
  });

  describe('updating', () => {
    it('lets an admin rename and change the role of another user, and records it', async () => {
      const target = await createUser(testApp, 'agent', { name: 'Old Name' });

      const response = await admin.patch<UserDto>(`/api/users/${target.id}`, { name: 'New Name', role: 'manager' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: target.id, name: 'New Name', role: 'manager', active: true });
      const { rows } = await db.query('SELECT actor_id, before, after FROM events WHERE type = $1 AND entity_id = $2', ['user.updated', target.id]);
      expect(rows).toEqual([{ actor_id: adminUser.id, before: { name: 'Old Name', role: 'agent' }, after: { name: 'New Name', role: 'manager' } }]);
    });

    it('refuses a PATCH from a non-admin with 403', async () => {
      const { client: manager, user } = await signedInClient(testApp, 'manager');
      expectErrorBody(await manager.patch(`/api/users/${user.id}`, { role: 'admin' }), 403, 'This needs the admin role; you are signed in as manager');
      const { rows } = await db.query('SELECT role FROM users WHERE id = $1', [user.id]);
      expect(rows).toEqual([{ role: 'manager' }]);
    });

    it.each([
      ['email', { email: 'taken-over@press.test' }],
      ['isAdmin', { isAdmin: true }],
    ])('refuses the unknown field %s in a PATCH with 400 naming it', async (field, body) => {
      const target = await createUser(testApp);
      const error = expectErrorBody(await admin.patch(`/api/users/${target.id}`, body), 400, `property ${field} should not exist`);
      expect(error.details).toEqual([{ field, messages: [`property ${field} should not exist`] }]);
      const { rows } = await db.query('SELECT email FROM users WHERE id = $1', [target.id]);
      expect(rows).toEqual([{ email: target.email }]);
    });

    it('answers 404 for a PATCH of an unknown user', async () => {
      expectErrorBody(await admin.patch('/api/users/9d7c3c52-41a5-4f0e-8f7e-1b2a3c4d5e6f', { name: 'Nobody' }), 404, 'User not found');
    });

    it.each([
      ['demote themselves', { role: 'agent' }],
      ['deactivate themselves', { active: false }],
    ])('does not let an admin %s (400)', async (_case, body) => {
      const { client, user } = await signedInClient(testApp, 'admin');

      expectErrorBody(await client.patch(`/api/users/${user.id}`, body), 400, 'You cannot change your own role or deactivate yourself');
      // The id in any letter case names the same account.
      expectErrorBody(await client.patch(`/api/users/${user.id.toUpperCase()}`, body), 400, 'You cannot change your own role or deactivate yourself');
      const { rows } = await db.query('SELECT role, active FROM users WHERE id = $1', [user.id]);
      expect(rows).toEqual([{ role: 'admin', active: true }]);
      expect((await client.get('/api/auth/session')).status).toBe(200);
    });

    it('lets an admin rename themselves', async () => {
      const { client, user } = await signedInClient(testApp, 'admin');
      const response = await client.patch<UserDto>(`/api/users/${user.id}`, { name: 'Renamed Admin', role: 'admin' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ name: 'Renamed Admin', role: 'admin' });
    });

    it('ends every session of a user who is deactivated, and they cannot sign in again', async () => {
      const target = await createUser(testApp);
      const laptop = new HttpClient(testApp.baseUrl);
      const phone = new HttpClient(testApp.baseUrl);
      await laptop.login(target.email, target.password);
      await phone.login(target.email, target.password);

      const response = await admin.patch<UserDto>(`/api/users/${target.id}`, { active: false });
      expect(response.status).toBe(200);
      expect(response.body.active).toBe(false);

      expect(await sessionCount(target.id)).toBe(0);
      expectErrorBody(await laptop.get('/api/tickets'), 401);
      expectErrorBody(await phone.get('/api/auth/session'), 401);
      expectErrorBody(await new HttpClient(testApp.baseUrl).login(target.email, target.password), 401, 'Email or password is incorrect');
    });

    it('lets a reactivated user sign in again', async () => {
      const target = await createUser(testApp);
      await admin.patch(`/api/users/${target.id}`, { active: false });
      expect((await admin.patch<UserDto>(`/api/users/${target.id}`, { active: true })).body.active).toBe(true);
      expect((await new HttpClient(testApp.baseUrl).login(target.email, target.password)).status).toBe(200);
    });

    it('ends the sessions of a user whose password an admin resets; the new password works', async () => {
      const { client: target, user } = await signedInClient(testApp);

      expect((await admin.patch(`/api/users/${user.id}`, { password: NEW_PASSWORD })).status).toBe(200);

      expectErrorBody(await target.get('/api/auth/session'), 401);
      expectErrorBody(await new HttpClient(testApp.baseUrl).login(user.email, user.password), 401);
      expect((await new HttpClient(testApp.baseUrl).login(user.email, NEW_PASSWORD)).status).toBe(200);
      const { rows } = await db.query('SELECT after FROM events WHERE type = $1 AND entity_id = $2', ['user.updated', user.id]);
      expect(rows).toEqual([{ after: { password: 'changed' } }]);
    });
  });

  describe('error bodies', () => {
    it('carry the correlation id a client sent in x-request-id', async () => {
      const response = await admin.request('GET', '/api/users/not-a-uuid', undefined, { 'x-request-id': 'trace-users-0042' });
      const error = expectErrorBody(response, 400);
      expect(error.correlationId).toBe('trace-users-0042');
    });

    it('have the same shape for routes that do not exist', async () => {
      expectErrorBody(await admin.get('/api/no-such-thing'), 404);
      expectErrorBody(await admin.post('/api/no-such-thing', {}), 404);
    });
  });
});
