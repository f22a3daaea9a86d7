import type { JournalistSummaryDto, Page, TicketDetailDto } from '@newsdesk/shared';
import type pg from 'pg';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { signedInClient } from './factories.js';
import type { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

describe('paged lists and ids in paths', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let agent: HttpClient;
  let admin: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: admin } = await signedInClient(testApp, 'admin'));
    for (const name of ['Ada Adams', 'Bea Brown', 'Cy Clark']) {
      const logged = await agent.post<TicketDetailDto>('/api/tickets', { subject: `Call from ${name}`, text: 'Phone call.', journalist: { name } });
      expect(logged.status).toBe(201);
    }
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const LISTS = ['/api/tickets', '/api/journalists', '/api/outlets', '/api/stories', '/api/statements', '/api/outbox', '/api/intake/messages', '/api/metrics/tickets?metric=received'];
  const withCursor = (list: string, cursor: string) => `${list}${list.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;

  it.each([
    ['not base64 JSON', 'garbage'],
    ['JSON of the wrong shape', cursorOf({ key: 'a', id: 'b' })],
    ['a cursor of an older format (no version)', cursorOf(['2026-03-01T10:00:00.000Z', '6f1c2d3e-0000-4000-8000-000000000000'])],
    ['a future version', cursorOf([2, 'tickets', '2026-03-01T10:00:00.000Z', '6f1c2d3e-0000-4000-8000-000000000000'])],
    ['SQL in the position', cursorOf([1, 'tickets', "2026-03-01'); DROP TABLE tickets; --", '6f1c2d3e-0000-4000-8000-000000000000'])],
    ['a day that does not exist', cursorOf([1, 'outbox', '2026-02-30T10:00:00.000Z', '6f1c2d3e-0000-4000-8000-000000000000'])],
  ])('refuses %s on every list with 400 invalid_cursor', async (_case, cursor) => {
    for (const list of LISTS) {
      const response = await admin.get(withCursor(list, cursor));
      const body = expectErrorBody(response, 400, 'cursor is not valid: pass back the nextCursor of the previous page');
      expect({ list, code: body.code }).toEqual({ list, code: 'invalid_cursor' });
    }
    expect((await db.query('SELECT count(*)::int AS n FROM tickets')).rows).toEqual([{ n: 3 }]);
  });

  it("refuses one list's cursor on another list, and follows its own to the end", async () => {
    const first = await agent.get<Page<JournalistSummaryDto>>('/api/journalists?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const cursor = first.body.nextCursor!;

    for (const other of ['/api/outlets', '/api/statements', '/api/tickets']) {
      expect(expectErrorBody(await agent.get(withCursor(other, cursor)), 400).code).toBe('invalid_cursor');
    }
    const rest = await agent.get<Page<JournalistSummaryDto>>(withCursor('/api/journalists?limit=2', cursor));
    expect(rest.status).toBe(200);
    expect([...first.body.items, ...rest.body.items].map((journalist) => journalist.name)).toEqual(['Ada Adams', 'Bea Brown', 'Cy Clark']);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('takes limit from 1 to 200 on every list and names the bounds otherwise', async () => {
    expect((await agent.get('/api/tickets?limit=200')).status).toBe(200);
    expect((await admin.get('/api/outbox?limit=200')).status).toBe(200);
    for (const list of ['/api/tickets', '/api/journalists', '/api/outbox']) {
      for (const limit of ['0', '201', 'ten', '1.5']) {
        const body = expectErrorBody(await admin.get(`${list}?limit=${limit}`), 400, 'limit must be a whole number from 1 to 200');
        expect(body.details).toEqual([{ field: 'limit', messages: ['limit must be a whole number from 1 to 200'] }]);
      }
    }
  });

  it('answers 400 naming the id for a path id that is not a uuid, and changes nothing', async () => {
    const [journalist] = (await db.query<{ id: string }>('SELECT id FROM journalists ORDER BY id LIMIT 1')).rows;
    const eventsBefore = (await db.query('SELECT count(*)::int AS n FROM events')).rows;
    const attempts: [HttpClient, 'GET' | 'PATCH' | 'POST' | 'DELETE', string, unknown][] = [
      [agent, 'GET', '/api/journalists/nope', undefined],
      [agent, 'PATCH', `/api/journalists/1' OR '1'='1`, { name: 'Hijacked' }],
      [admin, 'POST', '/api/journalists/ND-1/merge', { intoId: journalist.id }],
      [agent, 'GET', '/api/outlets/12345', undefined],
      [agent, 'GET', '/api/statements/not-a-uuid/deliveries', undefined],
      [admin, 'GET', '/api/users/not-a-uuid', undefined],
      [admin, 'DELETE', '/api/templates/1', undefined],
      [admin, 'DELETE', '/api/teams/press-team', undefined],
      [admin, 'GET', '/api/intake/messages/x/raw', undefined],
    ];
    for (const [client, method, path, body] of attempts) {
      const response = await client.request(method, path, body);
      const error = expectErrorBody(response, 400, 'id must be a UUID');
      expect({ path, details: error.details }).toEqual({ path, details: [{ field: 'id', messages: ['id must be a UUID'] }] });
    }
    expect((await db.query('SELECT count(*)::int AS n FROM events')).rows).toEqual(eventsBefore);
    expect((await db.query('SELECT name FROM journalists ORDER BY name')).rows.map((row: { name: string }) => row.name)).toEqual(['Ada Adams', 'Bea Brown', 'Cy Clark']);
  });

  it('checks every uuid of a path with two ids', async () => {
    const created = await admin.post<{ id: string }>('/api/statements', { title: 'On the budget', body: 'We comment after the vote.' });
    expect(created.status).toBe(201);
    const error = expectErrorBody(await admin.post(`/api/statements/${created.body.id}/versions/latest/approve`, {}), 400, 'versionId must be a UUID');
    expect(error.details).toEqual([{ field: 'versionId', messages: ['versionId must be a UUID'] }]);
  });
});
