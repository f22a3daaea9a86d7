import type { ApiTokenDto, PasswordResetRequestedDto } from '@newsdesk/shared';
import pg from 'pg';
import { PrincipalCache } from '../src/auth/principal-cache.js';
import { connectDatabase } from './database.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { waitFor } from './mail.js';
import { startReplica } from './replica.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * Each replica remembers who a cookie or token belongs to. Every way of taking that away, done through
 * replica A, must hold on replica B at once: B had the answer cached and hears of the change only by NOTIFY.
 */
describe('the principal cache across two replicas', () => {
  let a: TestApp;
  let b: TestApp;
  let db: pg.Client;
  let admin: HttpClient;
  let ip = 0;

  beforeAll(async () => {
    a = await createTestApp();
    b = await startReplica(a);
    db = await connectDatabase(a);
    ({ client: admin } = await signedInClient(a, 'admin'));
  }, 60_000);
  afterAll(async () => {
    await db.end();
    await b.close();
    await a.close();
  });

  const cacheOf = (replica: TestApp) => replica.app.get(PrincipalCache);
  /**
   * Requests on B until B keeps the user's row (its LISTEN is in place), then two more: a token's first
   * use writes its last-used time, and the read after that write is the one B serves from memory.
   */
  const cachedOnB = async (client: HttpClient, user: TestUser, path = '/api/tickets?limit=1') => {
    await waitFor(async () => {
      expect((await client.get(path)).status).toBe(200);
      return cacheOf(b).holds(user.id);
    }, 'B to cache the principal');
    for (let i = 0; i < 2; i++) expect((await client.get(path)).status).toBe(200);
  };
  const signedIn = async (user: TestUser) => {
    const client = new HttpClient(a.baseUrl);
    expect((await client.login(user.email, user.password)).status).toBe(200);
    return client;
  };
  const withToken = async (client: HttpClient, baseUrl: string) => {
    const token = (await client.post<ApiTokenDto>('/api/auth/tokens', { name: 'script' })).body;
    const bearer = new HttpClient(baseUrl);
    bearer.bearer = token.token ?? null;
    return { token, bearer };
  };

  /** A user with a session and an API token, both of which B has in memory. */
  const sessionAndTokenCachedOnB = async () => {
    const user = await createUser(a);
    const onA = await signedIn(user);
    const { bearer } = await withToken(onA, b.baseUrl);
    const onB = onA.at(b.baseUrl);
    await cachedOnB(onB, user);
    await cachedOnB(bearer, user);
    return { user, onB, bearer };
  };

  it('ends a session signed out on A at once on B', async () => {
    const user = await createUser(a);
    const onA = await signedIn(user);
    const onB = onA.at(b.baseUrl);
    await cachedOnB(onB, user);
    expect((await onA.post('/api/auth/logout')).status).toBe(204);
    expect((await onB.get('/api/tickets?limit=1')).status).toBe(401);
  });

  it('refuses on B a token revoked on A', async () => {
    const user = await createUser(a);
    const owner = await signedIn(user);
    const { token, bearer } = await withToken(owner, b.baseUrl);
    await cachedOnB(bearer, user);
    expect((await owner.delete(`/api/auth/tokens/${token.id}`)).status).toBe(204);
    expect((await bearer.get('/api/tickets?limit=1')).status).toBe(401);
  });

  it('shuts out on B, session and token alike, a user deactivated on A', async () => {
    const { user, onB, bearer } = await sessionAndTokenCachedOnB();
    expect((await admin.patch(`/api/users/${user.id}`, { active: false })).status).toBe(200);
    expect((await onB.get('/api/tickets?limit=1')).status).toBe(401);
    expect((await bearer.get('/api/tickets?limit=1')).status).toBe(401);
  });

  it('applies on B a role taken away on A', async () => {
    const user = await createUser(a, 'admin');
    const onB = (await signedIn(user)).at(b.baseUrl);
    await cachedOnB(onB, user, '/api/settings');
    expect((await admin.patch(`/api/users/${user.id}`, { role: 'agent' })).status).toBe(200);
    expect((await onB.get('/api/settings')).status).toBe(403);
  });

  it('ends on B every session and token of a user whose password was reset through A', async () => {
    const { user, onB, bearer } = await sessionAndTokenCachedOnB();
    const anonymous = new HttpClient(a.baseUrl);
    const asked = await anonymous.post<PasswordResetRequestedDto>('/api/auth/password-reset-requests', { email: user.email }, { 'x-forwarded-for': `198.51.100.${++ip}` });
    expect(asked.status).toBe(202);
    const { rows } = await db.query<{ text: string }>(`SELECT text FROM outbound_messages WHERE to_addresses->0->>'address' = $1 ORDER BY created_at DESC LIMIT 1`, [user.email]);
    const token = /reset-password#token=([A-Za-z0-9_-]+)/.exec(rows[0].text)?.[1];
    expect((await anonymous.post('/api/auth/password-resets', { token, password: 'a brand new passphrase for me' })).status).toBe(204);
    expect((await onB.get('/api/tickets?limit=1')).status).toBe(401);
    expect((await bearer.get('/api/tickets?limit=1')).status).toBe(401);
  });

  it('forgets everything when its LISTEN connection drops, since notifications may have been missed meanwhile', async () => {
    const user = await createUser(a);
    const onB = (await signedIn(user)).at(b.baseUrl);
    await cachedOnB(onB, user);
    // A change B cannot hear: the session goes with the notify triggers switched off for this transaction.
    await db.query('BEGIN');
    await db.query(`SET LOCAL session_replication_role = replica`);
    await db.query(`DELETE FROM sessions WHERE user_id = $1`, [user.id]);
    await db.query('COMMIT');
    const listeners = async () =>
      (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'newsdesk-listener-auth' AND datname = current_database()`)).rows.map((row) => row.pid);
    const before = await listeners();
    expect(before).toHaveLength(2);
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1::int[])`, [before]);
    // Both replicas LISTEN again on new connections.
    await waitFor(async () => {
      const after = await listeners();
      return after.length === 2 && after.every((pid) => !before.includes(pid));
    }, 'the auth listeners to reconnect');
    expect((await onB.get('/api/tickets?limit=1')).status).toBe(401);
  });
});
