import type { TicketChangeEventDto, TicketDetailDto, TicketPresenceDto } from '@newsdesk/shared';
import type pg from 'pg';
import { EventStreamService } from '../src/realtime/event-stream.service.js';
import { PresenceService } from '../src/realtime/presence.service.js';
import { connectDatabase } from './database.js';
import { EventStreamClient } from './event-stream-client.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { startReplica } from './replica.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('live updates', () => {
  let testApp: TestApp;
  let replica: TestApp;
  let db: pg.Client;
  let agent: HttpClient;
  let agentUser: TestUser;
  let watcher: TestUser;
  const streams: EventStreamClient[] = [];

  const open = async (app: TestApp, user: TestUser | null = watcher, headers?: Record<string, string>) => {
    const stream = await EventStreamClient.open(app.baseUrl, user, headers);
    streams.push(stream);
    return stream;
  };
  const logCall = async (subject = 'Question about the harbour') => {
    const response = await agent.post<TicketDetailDto>('/api/tickets', { subject, text: 'Caller asked about the harbour.', journalist: { email: 'ann@harbour.example' } });
    expect(response.status).toBe(201);
    return response.body;
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    replica = await startReplica(testApp);
    db = await connectDatabase(testApp);
    ({ client: agent, user: agentUser } = await signedInClient(testApp, 'agent'));
    watcher = await createUser(testApp, 'agent', { name: 'Wanda Watcher' });
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(async () => {
    await db.end();
    await replica.close();
    await testApp.close();
  });

  describe('the event stream', () => {
    it('answers 401 without a session or token', async () => {
      const response = await new HttpClient(testApp.baseUrl).get('/api/events/stream');
      expect(response.status).toBe(401);
      expect(response.body.message).toBe('Sign in to continue');
      const anonymous = await open(testApp, null);
      expect(anonymous.status).toBe(401);
    });

    it('is an uncached text/event-stream with a retry hint and the security headers', async () => {
      const stream = await open(testApp);
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers.get('cache-control')).toBe('no-store');
      expect(stream.headers.get('x-accel-buffering')).toBe('no');
      expect(stream.headers.get('x-request-id')).toEqual(expect.any(String));
      expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
      expect(stream.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(stream.messages[0]).toMatchObject({ retry: 3000 });
    });

    it('sends a ticket event for every change to a ticket, with the event log id', async () => {
      const stream = await open(testApp);
      const ticket = await logCall();
      const created = await stream.nextEvent('ticket', (data: TicketChangeEventDto) => data.ticketId === ticket.id);
      expect(created.data).toEqual({ ticketId: ticket.id, reference: ticket.reference, type: 'ticket.created', actorId: agentUser.id, at: expect.any(String) });
      expect(Date.parse(created.data.at)).not.toBeNaN();
      expect(created.id).toBe(ticket.events[0].id);

      await agent.patch(`/api/tickets/${ticket.id}`, { priority: 'urgent' });
      expect((await stream.nextEvent('ticket')).data).toMatchObject({ ticketId: ticket.id, type: 'ticket.updated' });
      await agent.post(`/api/tickets/${ticket.id}/notes`, { text: 'Harbour master called back.' });
      expect((await stream.nextEvent('ticket')).data).toMatchObject({ ticketId: ticket.id, type: 'note.added' });
    });

    it('reaches a client of another replica on the same database', async () => {
      const onReplica = await open(replica);
      const ticket = await logCall('Question for the other replica');
      await agent.patch(`/api/tickets/${ticket.id}`, { priority: 'high' });
      const types: string[] = [];
      for (let i = 0; i < 2; i++) types.push((await onReplica.nextEvent('ticket', (data) => data.ticketId === ticket.id)).data.type);
      expect(types).toEqual(['ticket.created', 'ticket.updated']);
    });

    it('replays the ticket events a reconnecting client missed (Last-Event-ID)', async () => {
      const ticket = await logCall('Question while disconnected');
      await agent.patch(`/api/tickets/${ticket.id}`, { priority: 'low' });
      await agent.post(`/api/tickets/${ticket.id}/notes`, { text: 'While you were away.' });
      const stream = await open(testApp, watcher, { 'last-event-id': ticket.events[0].id });
      expect((await stream.nextEvent('ticket', (data) => data.ticketId === ticket.id)).data.type).toBe('ticket.updated');
      expect((await stream.nextEvent('ticket', (data) => data.ticketId === ticket.id)).data.type).toBe('note.added');
    });

    it('keeps delivering after its database connection drops: reconnects and reads back what it missed', async () => {
      const stream = await open(replica);
      await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'newsdesk-listener-events' AND datname = current_database()`);
      const ticket = await logCall('Question during a dropped connection');
      expect((await stream.nextEvent('ticket', (data) => data.ticketId === ticket.id, 10_000)).data.type).toBe('ticket.created');
      await agent.patch(`/api/tickets/${ticket.id}`, { priority: 'high' });
      expect((await stream.nextEvent('ticket', (data) => data.ticketId === ticket.id && data.type === 'ticket.updated', 10_000)).data.ticketId).toBe(ticket.id);
    });

    it('sends heartbeat comments and ends the stream once the session is signed out', async () => {
      const user = await createUser(testApp, 'agent');
      const client = new HttpClient(testApp.baseUrl);
      await client.login(user.email, user.password);
      const stream = await open(testApp, user);
      await testApp.app.get(EventStreamService).heartbeat();
      expect(await stream.next((message) => message.event === 'comment' && message.comment === 'heartbeat')).toBeDefined();
      expect(stream.ended).toBe(false);

      // The stream's own session, ended from the database as a sign-out elsewhere would.
      await db.query(`DELETE FROM sessions WHERE user_id = $1`, [user.id]);
      await testApp.app.get(EventStreamService).heartbeat();
      await stream.closedByServer();
    });
  });

  describe('presence', () => {
    let ticket: TicketDetailDto;
    let viewer: HttpClient;
    let viewerUser: TestUser;

    beforeAll(async () => {
      ticket = await logCall('Question everyone is looking at');
      ({ client: viewer, user: viewerUser } = await signedInClient(testApp, 'manager'));
    });
    afterEach(async () => {
      await db.query('DELETE FROM presence');
    });

    const presenceOf = (stream: EventStreamClient, match: (presence: TicketPresenceDto) => boolean) =>
      stream.nextEvent('presence', (data: TicketPresenceDto) => data.ticketId === ticket.id && match(data));

    it('announces viewing, replying and leaving to every replica, and heartbeats quietly', async () => {
      const onPrimary = await open(testApp);
      const onReplica = await open(replica);

      const put = await viewer.request<TicketPresenceDto>('PUT', `/api/tickets/${ticket.id}/presence`, { state: 'viewing' });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({ ticketId: ticket.id, viewers: [{ userId: viewerUser.id, name: 'Test manager', state: 'viewing', since: expect.any(String) }] });
      for (const stream of [onPrimary, onReplica]) {
        expect((await presenceOf(stream, () => true)).data.viewers).toEqual([expect.objectContaining({ userId: viewerUser.id, state: 'viewing' })]);
      }

      // A heartbeat with the same state changes nothing anyone needs to hear about.
      const since = put.body.viewers[0].since;
      const heartbeat = await viewer.request<TicketPresenceDto>('PUT', `/api/tickets/${ticket.reference}/presence`, { state: 'viewing' });
      expect(heartbeat.body.viewers[0].since).toBe(since);

      await viewer.request('PUT', `/api/tickets/${ticket.id}/presence`, { state: 'replying' });
      const replying = await presenceOf(onReplica, () => true);
      expect(replying.data.viewers).toEqual([expect.objectContaining({ userId: viewerUser.id, state: 'replying' })]);
      expect(onReplica.messages.filter((message) => message.event === 'presence')).toHaveLength(2);

      const got = await agent.get<TicketPresenceDto>(`/api/tickets/${ticket.id}/presence`);
      expect(got.body.viewers.map((entry) => [entry.name, entry.state])).toEqual([['Test manager', 'replying']]);

      const left = await viewer.delete(`/api/tickets/${ticket.id}/presence`);
      expect(left.status).toBe(204);
      expect((await presenceOf(onPrimary, (data) => data.viewers.length === 0)).data.viewers).toEqual([]);
      expect((await agent.get<TicketPresenceDto>(`/api/tickets/${ticket.id}/presence`)).body.viewers).toEqual([]);
    });

    it('lets an entry lapse 45 s after its last heartbeat, and announces it', async () => {
      const stream = await open(replica);
      await viewer.request('PUT', `/api/tickets/${ticket.id}/presence`, { state: 'viewing' });
      await presenceOf(stream, (data) => data.viewers.length === 1);

      await db.query(`UPDATE presence SET updated_at = now() - interval '46 seconds' WHERE ticket_id = $1`, [ticket.id]);
      expect((await agent.get<TicketPresenceDto>(`/api/tickets/${ticket.id}/presence`)).body.viewers).toEqual([]);
      await presenceOf(stream, (data) => data.viewers.length === 0);

      // Tabs closed without saying goodbye: the sweep clears them.
      await viewer.request('PUT', `/api/tickets/${ticket.id}/presence`, { state: 'viewing' });
      await presenceOf(stream, (data) => data.viewers.length === 1);
      await db.query(`UPDATE presence SET updated_at = now() - interval '46 seconds'`);
      expect(await testApp.app.get(PresenceService).sweep()).toBe(1);
      await presenceOf(stream, (data) => data.viewers.length === 0);
      expect((await db.query('SELECT count(*)::int AS n FROM presence')).rows[0].n).toBe(0);
    });

    it('lists several people, and answers 404 for unknown tickets and 400 for an unknown state', async () => {
      await viewer.request('PUT', `/api/tickets/${ticket.id}/presence`, { state: 'viewing' });
      const both = await agent.request<TicketPresenceDto>('PUT', `/api/tickets/${ticket.id}/presence`, { state: 'replying' });
      expect(both.body.viewers.map((entry) => entry.userId)).toEqual([viewerUser.id, agentUser.id]);

      for (const id of ['6f1c2d3e-0000-4000-8000-000000000000', 'ND-999999', 'nope']) {
        expect((await agent.get(`/api/tickets/${id}/presence`)).status).toBe(404);
        expect((await agent.request('PUT', `/api/tickets/${id}/presence`, { state: 'viewing' })).status).toBe(404);
        expect((await agent.delete(`/api/tickets/${id}/presence`)).status).toBe(404);
      }
      const bad = await agent.request<any>('PUT', `/api/tickets/${ticket.id}/presence`, { state: 'typing' });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([{ field: 'state', messages: ['state must be one of: viewing, replying'] }]);
      expect((await new HttpClient(testApp.baseUrl).get(`/api/tickets/${ticket.id}/presence`)).status).toBe(401);
    });
  });

  // Last: passport keeps the most recently started app's sign-in strategy, so sign-ins break once that app is closed.
  describe('shutdown', () => {
    it('ends open streams when the application shuts down', async () => {
      const extra = await startReplica(testApp);
      const stream = await open(extra);
      await extra.close();
      await stream.closedByServer();
    });
  });
});
