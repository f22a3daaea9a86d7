import type { ApiTokenDto } from '@newsdesk/shared';
import type pg from 'pg';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('API tokens', () => {
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

  /** A client that sends only `Authorization: Bearer <token>`: no cookie, no CSRF header. */
  const bearerClient = (token: string) => {
    const client = new HttpClient(testApp.baseUrl);
    client.bearer = token;
    return client;
  };
  const createToken = async (client: HttpClient, name = 'Newsroom script') => {
    const response = await client.post<ApiTokenDto>('/api/auth/tokens', { name });
    expect(response.status).toBe(201);
    return response.body as ApiTokenDto & { token: string };
  };

  it('shows a new token once, at creation, and never in the list', async () => {
    const { client } = await signedInClient(testApp);
    const created = await createToken(client, '  Newsroom script  ');

    expect(created).toEqual({
      id: expect.any(String),
      name: 'Newsroom script',
      prefix: created.token.slice(0, 10),
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
      token: expect.stringMatching(/^nd_[A-Za-z0-9_-]{43}$/),
    });
    const list = await client.get<ApiTokenDto[]>('/api/auth/tokens');
    expect(list.status).toBe(200);
    const { token: _shownOnce, ...listed } = created;
    expect(list.body).toEqual([listed]);
    expect(JSON.stringify(list.body)).not.toContain(created.token);
  });

  it('stores only a keyed hash: the raw token is nowhere in its row', async () => {
    const { client, user } = await signedInClient(testApp);
    const created = await createToken(client);

    const { rows } = await db.query('SELECT * FROM api_tokens WHERE id = $1', [created.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: user.id, prefix: created.prefix, token_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    for (const value of Object.values(rows[0])) {
      expect(String(value)).not.toContain(created.token);
      expect(String(value)).not.toContain(created.token.slice(10));
    }
  });

  it('authenticates Bearer requests, lists only the owner’s tokens and records the last use', async () => {
    const { client, user } = await signedInClient(testApp);
    const { client: colleague } = await signedInClient(testApp);
    const created = await createToken(client);
    await createToken(colleague, 'Someone else’s token');

    const api = bearerClient(created.token);
    expect((await api.get('/api/tickets')).status).toBe(200);
    const list = await api.get<ApiTokenDto[]>('/api/auth/tokens');
    expect(list.body.map((token) => token.id)).toEqual([created.id]);
    expect(list.body[0].lastUsedAt).not.toBeNull();
    const { rows } = await db.query('SELECT user_id FROM api_tokens WHERE id = $1 AND last_used_at IS NOT NULL', [created.id]);
    expect(rows).toEqual([{ user_id: user.id }]);
  });

  it('lets Bearer requests write without a CSRF header', async () => {
    const { client, user } = await signedInClient(testApp);
    const created = await createToken(client);

    const api = bearerClient(created.token);
    expect(api.csrfToken).toBeNull();
    const second = await api.post<ApiTokenDto>('/api/auth/tokens', { name: 'Made by a script' });
    expect(second.status).toBe(201);
    const { rows } = await db.query('SELECT name FROM api_tokens WHERE user_id = $1 ORDER BY created_at', [user.id]);
    expect(rows).toEqual([{ name: 'Newsroom script' }, { name: 'Made by a script' }]);
  });

  it('gives an API token no dashboard session', async () => {
    const { client } = await signedInClient(testApp);
    const created = await createToken(client);
    expectErrorBody(await bearerClient(created.token).get('/api/auth/session'), 401, 'API tokens have no dashboard session');
  });

  it.each([
    ['an unknown token', 'Bearer nd_thisTokenWasNeverIssuedByThisServer0000000000'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 for %s', async (_case, authorization) => {
    const response = await new HttpClient(testApp.baseUrl).request('GET', '/api/tickets', undefined, { authorization });
    expectErrorBody(response, 401, 'Invalid or revoked API token');
  });

  it('stops a revoked token from working and shows when it was revoked', async () => {
    const { client } = await signedInClient(testApp);
    const created = await createToken(client);
    const api = bearerClient(created.token);
    expect((await api.get('/api/tickets')).status).toBe(200);

    expect((await client.delete(`/api/auth/tokens/${created.id}`)).status).toBe(204);

    expectErrorBody(await api.get('/api/tickets'), 401, 'Invalid or revoked API token');
    const list = await client.get<ApiTokenDto[]>('/api/auth/tokens');
    expect(list.body).toEqual([expect.objectContaining({ id: created.id, revokedAt: expect.any(String) })]);
    // Revoking again is harmless.
    expect((await client.delete(`/api/auth/tokens/${created.id}`)).status).toBe(204);
  });

  it('lets the owner revoke a token with the token itself', async () => {
    const { client } = await signedInClient(testApp);
    const created = await createToken(client);
    const api = bearerClient(created.token);

    expect((await api.delete(`/api/auth/tokens/${created.id}`)).status).toBe(204);
    expectErrorBody(await api.get('/api/tickets'), 401);
  });

  it('does not let another agent revoke your token', async () => {
    const { client: owner } = await signedInClient(testApp);
    const { client: other } = await signedInClient(testApp, 'agent');
    const { client: manager } = await signedInClient(testApp, 'manager');
    const created = await createToken(owner);

    expectErrorBody(await other.delete(`/api/auth/tokens/${created.id}`), 403, 'You can only revoke your own API tokens');
    expectErrorBody(await manager.delete(`/api/auth/tokens/${created.id}`), 403, 'You can only revoke your own API tokens');

    const { rows } = await db.query('SELECT revoked_at FROM api_tokens WHERE id = $1', [created.id]);
    expect(rows).toEqual([{ revoked_at: null }]);
    expect((await bearerClient(created.token).get('/api/tickets')).status).toBe(200);
  });

  it('lets an admin revoke anyone’s token', async () => {
    const { client: owner } = await signedInClient(testApp);
    const { client: admin, user: adminUser } = await signedInClient(testApp, 'admin');
    const created = await createToken(owner);

    expect((await admin.delete(`/api/auth/tokens/${created.id}`)).status).toBe(204);
    expectErrorBody(await bearerClient(created.token).get('/api/tickets'), 401);
    const { rows } = await db.query('SELECT actor_id FROM events WHERE type = $1 AND entity_id = $2', ['api_token.revoked', created.id]);
    expect(rows).toEqual([{ actor_id: adminUser.id }]);
  });

  it('answers 404 when revoking an unknown id and 400 for a malformed one', async () => {
    const { client } = await signedInClient(testApp);
    expectErrorBody(await client.delete('/api/auth/tokens/3f1b0d6e-8a4c-4c1e-9f5e-2b7d9a6c1e42'), 404, 'API token not found');
    expectErrorBody(await client.delete('/api/auth/tokens/not-a-uuid'), 400, 'id must be a UUID');
  });

  it('refuses a token without a name or with unknown fields (400, per field)', async () => {
    const { client } = await signedInClient(testApp);

    const blank = expectErrorBody(await client.post('/api/auth/tokens', { name: '   ' }), 400, 'name must not be empty');
    expect(blank.details).toEqual([{ field: 'name', messages: ['name must not be empty'] }]);
    const extra = expectErrorBody(await client.post('/api/auth/tokens', { name: 'CI', userId: '3f1b0d6e-8a4c-4c1e-9f5e-2b7d9a6c1e42' }), 400);
    expect(extra.details).toEqual([{ field: 'userId', messages: ['property userId should not exist'] }]);
  });

  it('stops working when its owner is deactivated', async () => {
    const { client: owner, user } = await signedInClient(testApp);
    const { client: admin } = await signedInClient(testApp, 'admin');
    const created = await createToken(owner);

    expect((await admin.patch(`/api/users/${user.id}`, { active: false })).status).toBe(200);
    expectErrorBody(await bearerClient(created.token).get('/api/tickets'), 401, 'Invalid or revoked API token');
  });
});
