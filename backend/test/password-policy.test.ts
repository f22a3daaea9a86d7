import type pg from 'pg';
import { SetupService } from '../src/auth/setup.service.js';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const STRONG = 'ocean marble quiet lantern';

describe('password policy, wherever a password is set', () => {
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

  const userCount = async () => (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM users')).rows[0].count;

  // First, while the database has no users yet.
  it('refuses a guessable first-run password without using up the setup link', async () => {
    const link = await testApp.app.get(SetupService).issueLink();
    const token = new URL(link as string).searchParams.get('token') as string;
    const setup = (password: string) =>
      new HttpClient(testApp.baseUrl).post('/api/setup', { token, email: 'chief@press.test', name: 'Chief Officer', password });

    const weak = await setup('password1234');
    const body = expectErrorBody(weak, 400, /^password: This password is too easy to guess/);
    expect(body.details).toEqual([{ field: 'password', messages: expect.arrayContaining([expect.stringMatching(/commonly used password/)]) }]);
    expect(await userCount()).toBe(0);

    const personal = await setup('chief@press.test');
    expectErrorBody(personal, 400, /personal/);
    expect(await userCount()).toBe(0);

    expect((await setup(STRONG)).status).toBe(201);
    expect(await userCount()).toBe(1);
  });

  it('refuses a guessable password when an admin creates a user, with the reasons, and creates nobody', async () => {
    const { client: admin } = await signedInClient(testApp, 'admin');
    const before = await userCount();
    const response = await admin.post('/api/users', { email: 'sam.rivers@press.test', name: 'Sam Rivers', password: 'samrivers2024', role: 'agent' });
    const body = expectErrorBody(response, 400, /too easy to guess/);
    expect(body.details?.[0].field).toBe('password');
    expect(await userCount()).toBe(before);

    expect((await admin.post('/api/users', { email: 'sam.rivers@press.test', name: 'Sam Rivers', password: STRONG, role: 'agent' })).status).toBe(201);
  });

  it('refuses passwords longer than 128 characters and takes a 128-character passphrase', async () => {
    const { client: admin } = await signedInClient(testApp, 'admin');
    const words = 'ocean marble quiet lantern velvet harbour '.repeat(4);
    expectErrorBody(await admin.post('/api/users', { email: 'long@press.test', name: 'Long', password: words.slice(0, 129), role: 'agent' }), 400, /password/);
    expect((await admin.post('/api/users', { email: 'long@press.test', name: 'Long', password: words.slice(0, 128), role: 'agent' })).status).toBe(201);
  });

  it("refuses a guessable password in an admin's reset and leaves the old password and sessions alone", async () => {
    const { client: admin } = await signedInClient(testApp, 'admin');
    const target = await createUser(testApp, 'agent');
    const officer = new HttpClient(testApp.baseUrl);
    expect((await officer.login(target.email, target.password)).status).toBe(200);

    const response = await admin.patch(`/api/users/${target.id}`, { password: 'letmein12345' });
    expectErrorBody(response, 400, /too easy to guess/);
    expect((await officer.get('/api/auth/session')).status).toBe(200);
    expect((await new HttpClient(testApp.baseUrl).login(target.email, target.password)).status).toBe(200);
  });
});
