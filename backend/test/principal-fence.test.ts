import type { ActiveSessionDto, ApiTokenDto, TicketDetailDto } from '@newsdesk/shared';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { CHANGES_PRINCIPAL } from '../src/auth/changes-principal.decorator.js';
import { PrincipalCache } from '../src/auth/principal-cache.js';
import { createUser, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { waitFor } from './wait-for.js';
import { startReplica } from './replica.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * Every HTTP write that can change what a cached session or token answers (the rows of sessions,
 * api_tokens, totp_credentials, users the guard reads) carries @ChangesPrincipal, so it answers only
 * once every replica has forgotten the old answer; every other write leaves the caches alone.
 */
const FENCED = [
  'DELETE /api/auth/tokens/:id',
  'DELETE /api/auth/two-factor',
  'DELETE /api/users/:id/two-factor',
  'DELETE /api/users/:userId/sessions',
  'DELETE /api/users/:userId/sessions/:sessionId',
  'DELETE /api/users/:userId/tokens/:tokenId',
  'PATCH /api/users/:id',
  'PATCH /api/users/me',
  'POST /api/auth/logout',
  'POST /api/auth/password-resets',
  'POST /api/auth/two-factor/enrolment',
  'POST /api/auth/two-factor/enrolment/confirmation',
  'POST /api/auth/two-factor/recovery-codes',
  'PUT /api/users/:userId/password',
];

/** Writes of the modules that own those tables which change no principal anyone can have cached, and why. */
const NOT_FENCED: Record<string, string> = {
  'POST /api/auth/login': 'a new session: nobody has it cached yet',
  'POST /api/auth/login/second-factor': 'a new session: nobody has it cached yet',
  'POST /api/auth/tokens': 'a new token: nobody has it cached yet',
  'POST /api/users': 'a new user: nobody has it cached yet',
  'POST /api/setup': 'the first admin: nobody has it cached yet',
  'POST /api/auth/password-reset-requests': 'writes a reset token, not the user',
  'DELETE /api/users/:userId/lockout': 'clears failed sign-ins, which the guard does not read',
};

/** Controllers of the modules that own sessions, api_tokens, totp_credentials and users (table-owners.ts: auth, users). */
const PRINCIPAL_MODULES = /^(AuthModule|UsersModule|AccountAccessModule)$/;

interface Route {
  route: string;
  module: string;
  fenced: boolean;
}

function routesOf(testApp: TestApp): Route[] {
  const routes: Route[] = [];
  for (const module of testApp.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const full = `/api/${[base, path].map((part) => part.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
        const fenced = Reflect.getMetadata(CHANGES_PRINCIPAL, handler) === true || Reflect.getMetadata(CHANGES_PRINCIPAL, controller) === true;
        routes.push({ route: `${RequestMethod[method]} ${full}`, module: module.metatype.name, fenced });
      }
    }
  }
  return routes;
}

describe('the principal fence: only writes that change a principal wait for every replica', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await createTestApp();
    b = await startReplica(a);
  }, 60_000);
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const cacheOf = (replica: TestApp) => replica.app.get(PrincipalCache);
  /** Requests through `client` until `replica` keeps the user's row, then two more (a token's first use writes its last-used time). */
  const cachedOn = async (replica: TestApp, client: HttpClient, user: TestUser) => {
    await waitFor(async () => {
      expect((await client.get('/api/tickets?limit=1')).status).toBe(200);
      return cacheOf(replica).holds(user.id);
    }, 'the replica to cache the principal');
    for (let i = 0; i < 2; i++) expect((await client.get('/api/tickets?limit=1')).status).toBe(200);
    expect(cacheOf(replica).holds(user.id)).toBe(true);
  };
  const signedIn = async (user: TestUser, replica = a) => {
    const client = new HttpClient(replica.baseUrl);
    expect((await client.login(user.email, user.password)).status).toBe(200);
    return client;
  };
  /** A new user's session (signed in through A) that B has in memory. */
  const sessionCachedOnB = async () => {
    const user = await createUser(a);
    const onB = (await signedIn(user)).at(b.baseUrl);
    await cachedOn(b, onB, user);
    return { user, onB };
  };
  /** Right after the change answered on A: B holds nothing of the user and refuses the old credential. */
  const shutOutOnB = async (user: TestUser, client: HttpClient) => {
    expect(cacheOf(b).holds(user.id)).toBe(false);
    expect((await client.get('/api/tickets?limit=1')).status).toBe(401);
  };

  it('marks every write of the principal-owning modules as fenced or says why it needs no fence', () => {
    const routes = routesOf(a);
    const writes = routes.filter((route) => !route.route.startsWith('GET ') && PRINCIPAL_MODULES.test(route.module));
    expect(writes.length).toBeGreaterThan(FENCED.length);
    const unexplained = writes.filter((route) => !route.fenced && !(route.route in NOT_FENCED)).map((route) => route.route);
    expect(unexplained).toEqual([]);
    expect(routes.filter((route) => route.fenced).map((route) => route.route).sort()).toEqual(FENCED);
  });

  it('fences no read and no route outside the modules that own principals', () => {
    const stray = routesOf(a).filter((route) => route.fenced && (route.route.startsWith('GET ') || !PRINCIPAL_MODULES.test(route.module)));
    expect(stray).toEqual([]);
  });

  it('keeps the cache on both replicas through an ordinary write (a note and a reply)', async () => {
    const user = await createUser(a);
    const onA = await signedIn(user);
    const onB = onA.at(b.baseUrl);
    const ticket = await onA.post<TicketDetailDto>('/api/tickets', {
      subject: 'Harbour costs',
      text: 'What does the harbour project cost?',
      journalist: { name: 'Kim Caller', email: 'kim@fence.example' },
    });
    expect(ticket.status).toBe(201);
    await cachedOn(a, onA, user);
    await cachedOn(b, onB, user);
    expect((await onA.post(`/api/tickets/${ticket.body.id}/notes`, { text: 'Ask finance' })).status).toBe(201);
    expect((await onA.post(`/api/tickets/${ticket.body.id}/replies`, { body: 'We will answer by noon.' })).status).toBe(201);
    // The old interceptor emptied A's whole memory on every write.
    expect(cacheOf(a).holds(user.id)).toBe(true);
    expect(cacheOf(b).holds(user.id)).toBe(true);
  });

  it('ends on B at once a session ended through A by its id', async () => {
    const { user, onB } = await sessionCachedOnB();
    const other = await signedIn(user);
    const sessions = await other.get<ActiveSessionDto[]>('/api/users/me/sessions');
    const victim = sessions.body.find((session) => !session.current);
    expect(victim).toBeDefined();
    expect((await other.delete(`/api/users/me/sessions/${victim?.id}`)).status).toBe(204);
    await shutOutOnB(user, onB);
  });

  it('ends on B at once the other sessions ended through A', async () => {
    const { user, onB } = await sessionCachedOnB();
    const other = await signedIn(user);
    expect((await other.delete('/api/users/me/sessions')).status).toBe(200);
    await shutOutOnB(user, onB);
  });

  it('refuses on B at once a token revoked through the user access page on A', async () => {
    const user = await createUser(a);
    const owner = await signedIn(user);
    const token = (await owner.post<ApiTokenDto>('/api/auth/tokens', { name: 'script' })).body;
    const bearer = new HttpClient(b.baseUrl);
    bearer.bearer = token.token ?? null;
    await cachedOn(b, bearer, user);
    expect((await owner.delete(`/api/users/me/tokens/${token.id}`)).status).toBe(204);
    await shutOutOnB(user, bearer);
  });

  it('ends on B at once the sessions a password change through A ends', async () => {
    const { user, onB } = await sessionCachedOnB();
    const changer = await signedIn(user);
    const changed = await changer.put('/api/users/me/password', { currentPassword: user.password, newPassword: 'another long passphrase of mine' });
    expect(changed.status).toBe(200);
    await shutOutOnB(user, onB);
  });

  it('forgets on B at once a name changed on A through PATCH /api/users/me', async () => {
    const user = await createUser(a);
    const onA = await signedIn(user);
    await cachedOn(b, onA.at(b.baseUrl), user);
    expect((await onA.patch('/api/users/me', { name: 'Renamed Officer' })).status).toBe(200);
    expect(cacheOf(b).holds(user.id)).toBe(false);
  });
});
