import type { MetricsSummaryDto, TicketDetailDto } from '@newsdesk/shared';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { EventStreamClient } from './event-stream-client.js';
import { signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('phone and in-person inquiries logged from the dashboard', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let agent: HttpClient;
  let agentUser: TestUser;
  let manager: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp({ METRICS_REFRESH_SECONDS: '0' });
    db = await connectDatabase(testApp);
    ({ client: agent, user: agentUser } = await signedInClient(testApp, 'agent'));
    ({ client: manager } = await signedInClient(testApp, 'manager'));
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('logs a phone call with a new journalist (name, email, phone), outlet, deadline and request type, recording the event', async () => {
    const { rows: [outlet] } = await db.query(`INSERT INTO outlets (name, tier) VALUES ('Radio North', 'regional') RETURNING id`);
    const deadlineAt = '2026-12-08T16:00:00.000Z';
    const response = await agent.post<TicketDetailDto>('/api/tickets', {
      channel: 'phone',
      subject: 'Flood barriers on the quay',
      text: 'Called at 10:05: wants a comment on the flood barriers for the 5pm bulletin.',
      journalist: { name: 'Sam Caller', email: 'Sam@RadioNorth.example', phone: '+44 161 555 0100' },
      outletId: outlet.id,
      deadlineAt,
      requestType: 'comment',
    });
    expect(response.status).toBe(201);
    const ticket = response.body;
    expect(ticket).toMatchObject({
      channel: 'phone',
      status: 'new',
      requestType: 'comment',
      deadlineAt,
      journalist: { name: 'Sam Caller', email: 'sam@radionorth.example' },
      outlet: { id: outlet.id, name: 'Radio North' },
    });
    expect(ticket.messages).toEqual([expect.objectContaining({ kind: 'inbound', author: { id: agentUser.id, name: expect.any(String) }, from: { name: 'Sam Caller', address: 'sam@radionorth.example' }, text: expect.stringContaining('5pm bulletin') })]);
    expect(ticket.events.find((event) => event.type === 'ticket.created')).toMatchObject({ actor: { id: agentUser.id }, after: { channel: 'phone' } });
    const { rows } = await db.query(`SELECT phone FROM journalists WHERE email = 'sam@radionorth.example'`);
    expect(rows).toEqual([{ phone: '+44 161 555 0100' }]);
  });

  it('logs an in-person inquiry for an existing journalist picked by id', async () => {
    const { rows: [journalist] } = await db.query(`INSERT INTO journalists (name, email) VALUES ('Pat Visitor', 'pat@weekly.example') RETURNING id`);
    const response = await agent.post<TicketDetailDto>('/api/tickets', {
      channel: 'in_person',
      subject: 'Town hall tour',
      text: 'Came to the front desk asking for a tour of the refurbished town hall.',
      journalistId: journalist.id,
      requestType: 'interview',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ channel: 'in_person', journalist: { id: journalist.id, name: 'Pat Visitor' } });
    const listed = await agent.get<{ items: { id: string }[] }>('/api/tickets?channel=in_person');
    expect(listed.body.items.map((item) => item.id)).toEqual([response.body.id]);
  });

  it("reaches a colleague's open dashboard at once as a live ticket.created event", async () => {
    const { user: colleague } = await signedInClient(testApp, 'agent');
    const stream = await EventStreamClient.open(testApp.baseUrl, colleague);
    try {
      const response = await agent.post<TicketDetailDto>('/api/tickets', { channel: 'phone', subject: 'Live call', text: 'Wants figures by noon.' });
      expect(response.status).toBe(201);
      const event = await stream.nextEvent('ticket', (data) => data.ticketId === response.body.id, 10_000);
      expect(event.data).toMatchObject({ type: 'ticket.created', reference: response.body.reference });
    } finally {
      stream.close();
    }
  });

  it('counts logged inquiries in the metrics by channel like any other', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const response = await manager.get<MetricsSummaryDto>(`/api/metrics/summary?from=${today}&to=${today}&groupBy=channel`);
    expect(response.status).toBe(200);
    expect(response.body.totals.received).toBe(3);
    expect(Object.fromEntries(response.body.groups.map((group) => [group.key, group.values.received]))).toEqual({ phone: 2, in_person: 1 });
    const phoneOnly = await manager.get<MetricsSummaryDto>(`/api/metrics/summary?from=${today}&to=${today}&channel=in_person`);
    expect(phoneOnly.body.totals.received).toBe(1);
  });

  it('refuses an unknown channel, a bad deadline, a bad phone number or an unknown journalist with a readable 400/404, and logs nothing', async () => {
    const count = async () => (await db.query(`SELECT count(*)::int AS n FROM tickets`)).rows[0].n as number;
    const before = await count();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ channel: 'fax', subject: 'x', text: 'x' }, 400, 'channel must be one of: email, web, phone, in_person'],
      [{ channel: 'phone', subject: 'x', text: 'x', deadlineAt: 'by five' }, 400, 'deadlineAt must be an ISO 8601 date-time'],
      [{ channel: 'phone', subject: 'x', text: 'x', journalist: { phone: 'call me; DROP TABLE' } }, 400, 'journalist.phone must be a phone number'],
      [{ channel: 'phone', subject: ' ', text: 'x' }, 400, 'subject must not be empty'],
      [{ channel: 'phone', subject: 'x', text: 'x', status: 'closed' }, 400, 'status'],
      [{ channel: 'phone', subject: 'x', text: 'x', journalistId: '00000000-0000-4000-8000-000000000000' }, 404, 'Journalist not found'],
    ];
    for (const [body, status, message] of cases) {
      const response = await agent.post('/api/tickets', body);
      expect(response.status).toBe(status);
      expect(JSON.stringify(response.body)).toContain(message);
    }
    expect(await count()).toBe(before);
  });
});
