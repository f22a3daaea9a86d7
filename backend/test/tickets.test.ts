import type { Page, TicketDetailDto, TicketQueueItemDto } from '@newsdesk/shared';
import pg from 'pg';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('tickets API', () => {
  let testApp: TestApp;
  let agent: HttpClient;
  let agentUser: TestUser;
  let colleague: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    ({ client: agent, user: agentUser } = await signedInClient(testApp, 'agent'));
    colleague = await createUser(testApp, 'agent', { name: 'Sam Colleague' });
  });
  afterAll(() => testApp.close());

  const logCall = (body: Record<string, unknown> = {}) =>
    agent.post<TicketDetailDto>('/api/tickets', {
      subject: 'Question about the new bridge',
      text: 'Caller asked when the bridge opens.',
      journalist: { name: 'Jo Reporter', email: 'Jo@Daily.example', phone: '+44 20 7946 0000' },
      ...body,
    });

  it('answers 401 without a session or token', async () => {
    const response = await new HttpClient(testApp.baseUrl).get('/api/tickets');
    expect(response.status).toBe(401);
    expect(response.body.message).toBe('Sign in to continue');
  });

  it('logs a phone inquiry with a reference, a journalist record and a first message', async () => {
    const response = await logCall({ deadlineAt: '2026-12-01T17:00:00+01:00', requestType: 'comment', tags: ['Transport', 'transport', 'bridge'] });
    expect(response.status).toBe(201);
    const ticket = response.body;
    expect(ticket.reference).toMatch(/^ND-\d{4,}$/);
    expect(ticket).toMatchObject({
      status: 'new',
      channel: 'phone',
      requestType: 'comment',
      tags: ['bridge', 'transport'],
      deadlineAt: '2026-12-01T16:00:00.000Z',
      journalist: { name: 'Jo Reporter', email: 'jo@daily.example' },
    });
    expect(ticket.messages).toHaveLength(1);
    expect(ticket.messages[0]).toMatchObject({ kind: 'inbound', text: 'Caller asked when the bridge opens.', from: { address: 'jo@daily.example' } });
    expect(ticket.events.map((event) => event.type)).toEqual(['ticket.created']);
    expect(ticket.events[0].actor?.id).toBe(agentUser.id);

    const again = await logCall();
    expect(again.body.journalist?.id).toBe(ticket.journalist?.id);
    expect(Number(again.body.reference.slice(3))).toBe(Number(ticket.reference.slice(3)) + 1);
  });

  it('finds a ticket by id and by reference, and answers 404 for unknown or malformed ids', async () => {
    const { body: created } = await logCall();
    expect((await agent.get(`/api/tickets/${created.id}`)).body.reference).toBe(created.reference);
    expect((await agent.get(`/api/tickets/${created.reference.toLowerCase()}`)).body.id).toBe(created.id);
    for (const id of ['6f1c2d3e-0000-4000-8000-000000000000', 'ND-999999', 'not-an-id', "1' OR '1'='1"]) {
      const response = await agent.get(`/api/tickets/${encodeURIComponent(id)}`);
      expect(response.status).toBe(404);
      expect(response.body.message).toContain('not found');
    }
    expect((await agent.patch('/api/tickets/6f1c2d3e-0000-4000-8000-000000000000', { priority: 'high' })).status).toBe(404);
    expect((await agent.post('/api/tickets/ND-999999/notes', { text: 'x' })).status).toBe(404);
  });

  it('refuses bad bodies and unknown fields with readable per-field messages', async () => {
    const bad = await agent.post('/api/tickets', { subject: '', text: 'x', deadlineAt: 'tomorrow', priority: 'asap', journalist: { email: 'nope' } });
    expect(bad.status).toBe(400);
    const fields = Object.fromEntries(bad.body.details.map((detail: { field: string; messages: string[] }) => [detail.field, detail.messages.join(' ')]));
    expect(fields.subject).toContain('subject must not be empty');
    expect(fields.deadlineAt).toContain('ISO 8601');
    expect(fields.priority).toContain('priority must be one of');
    expect(fields['journalist.email']).toContain('valid email');

    const { body: ticket } = await logCall();
    const massAssign = await agent.patch(`/api/tickets/${ticket.id}`, { reference: 'ND-1', firstResponseAt: '2020-01-01T00:00:00Z' });
    expect(massAssign.status).toBe(400);
    expect(massAssign.body.message).toMatch(/property reference should not exist/);
    expect((await agent.get(`/api/tickets/${ticket.id}`)).body.reference).toBe(ticket.reference);

    const nulls = await agent.patch(`/api/tickets/${ticket.id}`, { subject: null, priority: null, status: null, tags: null });
    expect(nulls.status).toBe(400);
    expect(nulls.body.message).toContain('subject must be text');
    expect(nulls.body.message).toContain('priority must be one of');

    const notJson = await agent.post('/api/tickets', '{"subject":', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.correlationId).toBe(notJson.headers.get('x-request-id'));
  });

  it('assigns (which opens a new ticket), changes fields, and records one event with before and after', async () => {
    const { body: ticket } = await logCall();
    const response = await agent.patch<TicketDetailDto>(`/api/tickets/${ticket.id}`, {
      assigneeId: colleague.id,
      priority: 'urgent',
      deadlineAt: '2026-12-02T09:00:00Z',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'open', priority: 'urgent', assignee: { id: colleague.id, name: 'Sam Colleague' } });
    const update = response.body.events.at(-1)!;
    expect(update.type).toBe('ticket.updated');
    expect(update.before).toMatchObject({ status: 'new', priority: 'normal', assigneeId: null, deadlineAt: null });
    expect(update.after).toMatchObject({ status: 'open', priority: 'urgent', assigneeId: colleague.id });

    const unchanged = await agent.patch<TicketDetailDto>(`/api/tickets/${ticket.id}`, { priority: 'urgent' });
    expect(unchanged.body.events).toHaveLength(response.body.events.length);

    const unknownAssignee = await agent.patch(`/api/tickets/${ticket.id}`, { assigneeId: '6f1c2d3e-0000-4000-8000-000000000000' });
    expect(unknownAssignee.status).toBe(400);
    expect(unknownAssignee.body.message).toBe('assigneeId must be an active user');

    const cleared = await agent.patch<TicketDetailDto>(`/api/tickets/${ticket.id}`, { assigneeId: null, deadlineAt: null });
    expect(cleared.body).toMatchObject({ assignee: null, deadlineAt: null, status: 'open' });
  });

  it('walks the status table: resolve, refuse an illegal step, close with an outcome, reopen', async () => {
    const { body: ticket } = await logCall();
    const path = `/api/tickets/${ticket.id}`;
    const resolved = await agent.patch<TicketDetailDto>(path, { status: 'resolved' });
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.resolvedAt).not.toBeNull();

    const illegal = await agent.patch(path, { status: 'pending' });
    expect(illegal.status).toBe(400);
    expect(illegal.body.message).toBe('A resolved ticket cannot become pending; it can become open, closed');

    const noOutcome = await agent.patch(path, { status: 'closed' });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.body.message).toBe('Choose an outcome before closing the ticket');

    const closed = await agent.patch<TicketDetailDto>(path, { status: 'closed', outcome: 'statement_given' });
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'statement_given' });
    expect(closed.body.closedAt).not.toBeNull();

    const reopened = await agent.patch<TicketDetailDto>(path, { status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open', resolvedAt: null, closedAt: null });
    const client = new pg.Client({ connectionString: testApp.databaseUrl });
    await client.connect();
    const { rows } = await client.query('SELECT reopen_count FROM tickets WHERE id = $1', [ticket.id]);
    await client.end();
    expect(rows[0].reopen_count).toBe(1);
  });

  it('adds internal notes that show in the thread and the event log', async () => {
    const { body: ticket } = await logCall();
    const response = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/notes`, { text: 'Checked with the transport team: embargo until Monday.' });
    expect(response.status).toBe(201);
    expect(response.body.messages.at(-1)).toMatchObject({ kind: 'note', author: { id: agentUser.id }, text: 'Checked with the transport team: embargo until Monday.' });
    expect(response.body.events.at(-1)?.type).toBe('note.added');
    expect((await agent.post(`/api/tickets/${ticket.id}/notes`, { text: '' })).status).toBe(400);
  });

  describe('listing', () => {
    let list: HttpClient;
    let ids: Record<string, string>;

    beforeAll(async () => {
      // A separate database state is not needed: filters below are narrow enough to ignore other tests' tickets.
      ({ client: list } = await signedInClient(testApp, 'manager'));
      const create = async (subject: string, body: Record<string, unknown>) =>
        (await logCall({ subject, ...body })).body.id;
      ids = {
        soon: await create('Zebra crossing soon', { deadlineAt: '2030-01-01T10:00:00Z', tags: ['zebra'], priority: 'high' }),
        later: await create('Zebra crossing later', { deadlineAt: '2030-01-02T10:00:00Z', tags: ['zebra'] }),
        none: await create('Zebra crossing without deadline', { tags: ['zebra'], assigneeId: colleague.id }),
        mine: await create('Zebra crossing mine', { deadlineAt: '2030-01-03T10:00:00Z', tags: ['zebra'], assigneeId: agentUser.id }),
      };
      await agent.post(`/api/tickets/${ids.later}/notes`, { text: 'The quokka population is unrelated.' });
    });

    const get = async (query: string) => {
      const response = await agent.get<Page<TicketQueueItemDto>>(`/api/tickets?${query}`);
      expect(response.status).toBe(200);
      return response.body;
    };

    it('sorts by deadline first with undated tickets last', async () => {
      const page = await get('tag=zebra');
      expect(page.items.map((ticket) => ticket.id)).toEqual([ids.soon, ids.later, ids.mine, ids.none]);
    });

    it('pages with a cursor without gaps or repeats', async () => {
      const first = await get('tag=zebra&limit=3');
      expect(first.items).toHaveLength(3);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await get(`tag=zebra&limit=3&cursor=${first.nextCursor}`);
      expect(second.items.map((ticket) => ticket.id)).toEqual([ids.none]);
      expect(second.nextCursor).toBeNull();

      const byCreated = await get('tag=zebra&sort=created&limit=2');
      const rest = await get(`tag=zebra&sort=created&limit=2&cursor=${byCreated.nextCursor}`);
      expect([...byCreated.items, ...rest.items].map((ticket) => ticket.id)).toEqual([ids.mine, ids.none, ids.later, ids.soon]);

      const broken = await agent.get('/api/tickets?cursor=garbage');
      expect(broken.status).toBe(400);
      expect(broken.body.message).toContain('cursor is not valid');
    });

    it('filters by assignee me / none / id, status, priority, channel, deadline and tag', async () => {
      expect((await get('tag=zebra&assignee=me')).items.map((t) => t.id)).toEqual([ids.mine]);
      expect((await get(`tag=zebra&assignee=${colleague.id}`)).items.map((t) => t.id)).toEqual([ids.none]);
      expect((await get('tag=zebra&assignee=none')).items.map((t) => t.id)).toEqual([ids.soon, ids.later]);
      expect((await get('tag=zebra&status=open')).items.map((t) => t.id)).toEqual([ids.mine, ids.none]);
      expect((await get('tag=zebra&status=new,pending')).items.map((t) => t.id)).toEqual([ids.soon, ids.later]);
      expect((await get('tag=zebra&priority=high')).items.map((t) => t.id)).toEqual([ids.soon]);
      expect((await get('tag=zebra&channel=email')).items).toEqual([]);
      expect((await get('tag=zebra&deadlineBefore=2030-01-02T12:00:00Z')).items.map((t) => t.id)).toEqual([ids.soon, ids.later]);
      const mine = await list.get<Page<TicketQueueItemDto>>('/api/tickets?tag=zebra&assignee=me');
      expect(mine.body.items).toEqual([]);
    });

    it('searches subject and message text, including notes', async () => {
      expect((await get('q=quokka')).items.map((t) => t.id)).toEqual([ids.later]);
      expect((await get('q=zebra%20mine')).items.map((t) => t.id)).toEqual([ids.mine]);
      expect((await get('q=%22zebra%20crossing%22%20-later%20-soon%20-mine')).items.map((t) => t.id)).toEqual([ids.none]);
    });

    it('refuses unknown filter values with readable messages', async () => {
      const response = await agent.get('/api/tickets?status=lost&assignee=someone&sort=random&limit=1000');
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('status must be among: new, open, pending, resolved, closed');
      expect(response.body.message).toContain('assignee must be me, none or a user id');
      expect(response.body.message).toContain('sort must be one of');
      const unknown = await agent.get('/api/tickets?colour=red');
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain('property colour should not exist');
    });
  });

  it('lets agents read the staff list but not the admin settings', async () => {
    expect((await agent.get('/api/users')).status).toBe(200);
    const settings = await agent.get('/api/settings');
    expect(settings.status).toBe(403);
    expect(settings.body.message).toBe('This needs the admin role; you are signed in as agent');
    const { client: admin } = await signedInClient(testApp, 'admin');
    const allowed = await admin.get('/api/settings');
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ mailDomain: 'newsdesk.test', database: 'external' });
    expect(JSON.stringify(allowed.body)).not.toContain('postgres://');
  });

  it('serves the OpenAPI document with request schemas from the DTOs', async () => {
    const response = await agent.get('/api/docs/json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/tickets', '/api/tickets/{id}', '/api/tickets/{id}/notes']));
    expect(response.body.components.schemas.CreateTicketDto.properties.subject).toMatchObject({ type: 'string', maxLength: 500 });
  });
});
