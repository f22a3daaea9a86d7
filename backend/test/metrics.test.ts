import type { MetricsSeriesDto, MetricsSummaryDto, MetricTicketDto, Page } from '@newsdesk/shared';
import pg from 'pg';
import { DigestService } from '../src/metrics/digest.service.js';
import { SERIES_CSV_HEADER, SUMMARY_CSV_HEADER } from '../src/metrics/metrics-csv.js';
import { MetricsService } from '../src/metrics/metrics.service.js';
import { RollupsService } from '../src/metrics/rollups.service.js';
import { connectDatabase } from './database.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * A hand-built week in Europe/London, office hours Mon-Fri 09:00-17:30, Good Friday (3 April 2026)
 * a holiday. British Summer Time starts on Sunday 29 March 2026 at 01:00 UTC, so the week of
 * 23 March ends at 23:00 UTC and the week of 30 March has one hour less.
 *
 * T1 Mon 23 10:00 email, O1 (national), transport: ack 5 s; officer A at 10:10; replied 10:40 exactly
 *    at its deadline (met); resolved 12:00 (2 h); closed Wed.
 * T2 Tue 24 09:00 web, O2 (local), budget+transport, no deadline: ack 10 s; A 09:05; replied 10:00;
 *    resolved 11:00; reopened by the journalist Wed 25 10:00; replied 11:00; resolved again Thu 26 13:00
 *    (52 h from receipt; only this final resolution counts).
 * T3 Wed 25 14:00 email, O1, health, data: ack 3 s; officer B 14:05; deadline 15:00:00; replied
 *    15:00:01 (missed by one second; first response 3601 s, stored to the minute); resolved 16:00.
 * T4 Fri 27 17:00 email, O2, no topic: ack 5 s; A 17:10; deadline Sat 09:00 (missed, A held it then);
 *    handed to B Sat 10:00; B replied Sat 12:00 (19 h; 30 business minutes); resolved Mon 30 10:00 BST
 *    (64 h over the DST night; 90 business minutes).
 * T5 Mon 30 00:30 BST (Sun 29 23:30 UTC) phone, logged by B already assigned, no deadline, still open.
 * T6 Sun 29 23:30 BST (22:30 UTC) web, no deadline, never assigned or answered: ack 10 s.
 */
describe('manager metrics', () => {
  let testApp: TestApp;
  let manager: HttpClient;
  let agent: HttpClient;
  let db: pg.Client;
  let a: TestUser;
  let b: TestUser;
  let managerUser: TestUser;
  const ids: Record<string, string> = {};
  let outlet1: string;
  let outlet2: string;
  let teamA: string;

  const MIN = 60;
  const HOUR = 3600;

  async function insertTicket(fields: Record<string, unknown>): Promise<string> {
    const columns = Object.keys(fields);
    const { rows } = await db.query(
      `INSERT INTO tickets (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(fields),
    );
    return rows[0].id as string;
  }

  async function event(ticketId: string, type: string, at: string, before: object | null, after: object, actorId: string | null = null) {
    await db.query(
      `INSERT INTO events (type, entity_type, entity_id, ticket_id, actor_id, before, after, created_at) VALUES ($1, 'ticket', $2, $2, $3, $4, $5, $6)`,
      [type, ticketId, actorId, before ? JSON.stringify(before) : null, JSON.stringify(after), at],
    );
  }

  const summary = async (query: string) => {
    const response = await manager.get<MetricsSummaryDto>(`/api/metrics/summary?${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    testApp = await createTestApp({
      OFFICE_TIMEZONE: 'Europe/London',
      OFFICE_HOURS: 'Mon-Fri 09:00-17:30',
      OFFICE_HOLIDAYS: '2026-04-03',
      METRICS_REFRESH_SECONDS: '0',
    });
    ({ client: manager, user: managerUser } = await signedInClient(testApp, 'manager'));
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    a = await createUser(testApp, 'agent', { name: 'Ana Officer' });
    b = await createUser(testApp, 'agent', { name: 'Ben Officer' });
    db = await connectDatabase(testApp);
    outlet1 = (await db.query(`INSERT INTO outlets (name, tier) VALUES ('National Daily', 'national') RETURNING id`)).rows[0].id;
    outlet2 = (await db.query(`INSERT INTO outlets (name, tier) VALUES ('Local Courier', 'local') RETURNING id`)).rows[0].id;
    teamA = (await db.query(`INSERT INTO teams (name) VALUES ('Desk A') RETURNING id`)).rows[0].id;
    await db.query(`INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)`, [teamA, a.id]);

    ids.t1 = await insertTicket({
      subject: 'T1 bridge', channel: 'email', status: 'closed', outcome: 'statement_given', request_type: 'comment', tags: ['transport'],
      outlet_id: outlet1, assignee_id: a.id, created_at: '2026-03-23T10:00:00Z', acknowledged_at: '2026-03-23T10:00:05Z',
      first_response_at: '2026-03-23T10:40:00Z', deadline_at: '2026-03-23T10:40:00Z', resolved_at: '2026-03-23T12:00:00Z',
      closed_at: '2026-03-25T09:00:00Z',
    });
    await event(ids.t1, 'ticket.created', '2026-03-23T10:00:00Z', null, { channel: 'email', door: 'smtp' });
    await event(ids.t1, 'ticket.updated', '2026-03-23T10:10:00Z', { status: 'new', assigneeId: null }, { status: 'open', assigneeId: a.id });
    await event(ids.t1, 'reply.queued', '2026-03-23T10:40:00Z', null, { status: 'open' });
    await event(ids.t1, 'ticket.updated', '2026-03-23T12:00:00Z', { status: 'open' }, { status: 'resolved' });
    await event(ids.t1, 'ticket.updated', '2026-03-25T09:00:00Z', { status: 'resolved' }, { status: 'closed' });

    ids.t2 = await insertTicket({
      subject: 'T2 budget', channel: 'web', status: 'resolved', request_type: 'comment', tags: ['budget', 'transport'], outlet_id: outlet2,
      assignee_id: a.id, created_at: '2026-03-24T09:00:00Z', acknowledged_at: '2026-03-24T09:00:10Z', first_response_at: '2026-03-24T10:00:00Z',
      resolved_at: '2026-03-26T13:00:00Z', reopen_count: 1,
    });
    await event(ids.t2, 'ticket.created', '2026-03-24T09:00:00Z', null, { channel: 'web', door: 'web' });
    await event(ids.t2, 'ticket.updated', '2026-03-24T09:05:00Z', { status: 'new', assigneeId: null }, { status: 'open', assigneeId: a.id });
    await event(ids.t2, 'reply.queued', '2026-03-24T10:00:00Z', null, { status: 'open' });
    await event(ids.t2, 'ticket.updated', '2026-03-24T11:00:00Z', { status: 'open' }, { status: 'resolved' });
    await event(ids.t2, 'message.received', '2026-03-25T10:00:00Z', { status: 'resolved' }, { status: 'open', flags: [] });
    await event(ids.t2, 'reply.queued', '2026-03-25T11:00:00Z', null, { status: 'open' });
    await event(ids.t2, 'ticket.updated', '2026-03-26T13:00:00Z', { status: 'open' }, { status: 'resolved' });

    ids.t3 = await insertTicket({
      subject: 'T3 hospital', channel: 'email', status: 'resolved', request_type: 'data', tags: ['health'], outlet_id: outlet1, assignee_id: b.id,
      created_at: '2026-03-25T14:00:00Z', acknowledged_at: '2026-03-25T14:00:03Z', first_response_at: '2026-03-25T15:00:01Z',
      deadline_at: '2026-03-25T15:00:00Z', resolved_at: '2026-03-25T16:00:00Z',
    });
    await event(ids.t3, 'ticket.created', '2026-03-25T14:00:00Z', null, { channel: 'email', door: 'smtp' });
    await event(ids.t3, 'ticket.updated', '2026-03-25T14:05:00Z', { status: 'new', assigneeId: null }, { status: 'open', assigneeId: b.id });
    await event(ids.t3, 'reply.queued', '2026-03-25T15:00:01Z', null, { status: 'open' });
    await event(ids.t3, 'ticket.updated', '2026-03-25T16:00:00Z', { status: 'open' }, { status: 'resolved' });

    ids.t4 = await insertTicket({
      subject: 'T4 weekend', channel: 'email', status: 'resolved', request_type: 'interview', tags: [], outlet_id: outlet2, assignee_id: b.id,
      created_at: '2026-03-27T17:00:00Z', acknowledged_at: '2026-03-27T17:00:05Z', first_response_at: '2026-03-28T12:00:00Z',
      deadline_at: '2026-03-28T09:00:00Z', resolved_at: '2026-03-30T09:00:00Z',
    });
    await event(ids.t4, 'ticket.created', '2026-03-27T17:00:00Z', null, { channel: 'email', door: 'smtp' });
    await event(ids.t4, 'ticket.updated', '2026-03-27T17:10:00Z', { status: 'new', assigneeId: null }, { status: 'open', assigneeId: a.id });
    await event(ids.t4, 'ticket.updated', '2026-03-28T10:00:00Z', { assigneeId: a.id }, { assigneeId: b.id });
    await event(ids.t4, 'reply.queued', '2026-03-28T12:00:00Z', null, { status: 'open' });
    await event(ids.t4, 'ticket.updated', '2026-03-30T09:00:00Z', { status: 'open' }, { status: 'resolved' });

    ids.t5 = await insertTicket({
      subject: 'T5 call', channel: 'phone', status: 'open', request_type: 'other', tags: [], assignee_id: b.id, created_by_id: b.id,
      created_at: '2026-03-29T23:30:00Z',
    });
    await event(ids.t5, 'ticket.created', '2026-03-29T23:30:00Z', null, { channel: 'phone', status: 'open' }, b.id);

    ids.t6 = await insertTicket({
      subject: 'T6 unanswered', channel: 'web', status: 'new', request_type: 'background', tags: [], created_at: '2026-03-29T22:30:00Z',
      acknowledged_at: '2026-03-29T22:30:10Z',
    });
    await event(ids.t6, 'ticket.created', '2026-03-29T22:30:00Z', null, { channel: 'web', door: 'web' });
  });

  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const WEEK1 = 'from=2026-03-23&to=2026-03-29';
  const WEEK2 = 'from=2026-03-30&to=2026-04-05';

  it('answers the week of 23 March with the hand-computed numbers', async () => {
    const { totals, timeZone, source } = await summary(WEEK1);
    expect(timeZone).toBe('Europe/London');
    expect(source).toBe('rollups');
    // T6 arrived on Sunday evening local time; T5 at 00:30 on Monday in BST belongs to the next week.
    expect(totals.received).toBe(5);
    expect(totals.deadlines.noDeadline).toBe(2);
    // 3, 5, 5, 10, 10 seconds: nearest-rank median is the 3rd, p90 the 5th.
    expect(totals.timeToAcknowledge).toEqual({ count: 5, medianSeconds: 5, p90Seconds: 10 });
    // 40 min, 60 min, 60 min 1 s (kept to the minute), 19 h.
    expect(totals.firstResponseTime).toEqual({ count: 4, medianSeconds: 60 * MIN, p90Seconds: 19 * HOUR });
    // Final resolutions only: T1 2 h, T3 2 h, T2 52 h after its reopen; T4 resolves next week.
    expect(totals.resolutionTime).toEqual({ count: 3, medianSeconds: 2 * HOUR, p90Seconds: 52 * HOUR, reopened: 1 });
    expect(totals.reopens).toBe(1);
    // Met exactly at the deadline (T1); missed by one second (T3); missed over the weekend (T4).
    expect(totals.deadlines).toMatchObject({ met: 1, missed: 2, pending: 0, hitRate: 1 / 3 });
    // T1, T2, T3, T4 to A, then T4 to B.
    expect(totals.assigned).toBe(5);
    // At the end of Sunday (23:00 UTC): T4 (open) and T6 (new); T5 arrives half an hour later.
    expect(totals.backlog).toBe(2);
  });

  it('puts the week after the DST change in its own bucket and counts the resolution across it', async () => {
    const { totals } = await summary(WEEK2);
    expect(totals.received).toBe(1);
    expect(totals.resolutionTime).toEqual({ count: 1, medianSeconds: 64 * HOUR, p90Seconds: 64 * HOUR, reopened: 0 });
    expect(totals.assigned).toBe(1);
    expect(totals.backlog).toBe(2);
  });

  it('counts only office hours on the business clock, across the weekend and the DST night', async () => {
    const week1 = (await summary(`${WEEK1}&clock=business`)).totals;
    // 40 min, 60 min, 60 min (1 s dropped), and T4's 30 minutes before Friday's close.
    expect(week1.firstResponseTime).toEqual({ count: 4, medianSeconds: 40 * MIN, p90Seconds: 60 * MIN });
    const week2 = (await summary(`${WEEK2}&clock=business`)).totals;
    // Friday 17:00-17:30 and Monday 09:00-10:00 local.
    expect(week2.resolutionTime.medianSeconds).toBe(90 * MIN);
  });

  it('credits each moment to the officer holding the ticket then', async () => {
    const { groups } = await summary(`${WEEK1}&groupBy=officer`);
    const byName = Object.fromEntries(groups.map((group) => [group.label, group.values]));
    expect(Object.keys(byName).sort()).toEqual(['Ana Officer', 'Ben Officer', 'Unassigned']);
    // Received counts the officer a ticket was first given to: T1, T2, T4 to A; T3 to B; T6 to nobody.
    expect(byName['Ana Officer'].received).toBe(3);
    expect(byName['Ben Officer'].received).toBe(1);
    expect(byName.Unassigned.received).toBe(1);
    expect(byName['Ana Officer'].assigned).toBe(3);
    expect(byName['Ben Officer'].assigned).toBe(2);
    // B answered T4 after the handover; A held T4 when its deadline passed.
    expect(byName['Ana Officer'].firstResponseTime).toEqual({ count: 2, medianSeconds: 40 * MIN, p90Seconds: 60 * MIN });
    expect(byName['Ben Officer'].firstResponseTime).toEqual({ count: 2, medianSeconds: 60 * MIN, p90Seconds: 19 * HOUR });
    expect(byName['Ana Officer'].deadlines).toMatchObject({ met: 1, missed: 1 });
    expect(byName['Ben Officer'].deadlines).toMatchObject({ met: 0, missed: 1 });
    // Backlog at the end of the week: T4 with B, T6 with nobody.
    expect(byName['Ben Officer'].backlog).toBe(1);
    expect(byName.Unassigned.backlog).toBe(1);
    expect(byName['Ana Officer'].backlog).toBe(0);
  });

  it('filters by officer, team, outlet, tier, topic, channel and request type', async () => {
    expect((await summary(`${WEEK1}&officer=${a.id}`)).totals.firstResponseTime.count).toBe(2);
    expect((await summary(`${WEEK1}&officer=none`)).totals.received).toBe(1);
    expect((await summary(`${WEEK1}&team=${teamA}`)).totals.assigned).toBe(3);
    expect((await summary(`${WEEK1}&outlet=${outlet1}`)).totals.received).toBe(2);
    expect((await summary(`${WEEK1}&outlet=none`)).totals.received).toBe(1);
    expect((await summary(`${WEEK1}&tier=local`)).totals.received).toBe(2);
    expect((await summary(`${WEEK1}&topic=transport`)).totals.received).toBe(2);
    expect((await summary(`${WEEK1}&topic=none`)).totals.received).toBe(2);
    expect((await summary(`${WEEK1}&channel=web`)).totals.received).toBe(2);
    expect((await summary(`${WEEK1}&requestType=data`)).totals.deadlines).toMatchObject({ met: 0, missed: 1 });
    // Two dimensions at once read the stored pair (officer × channel) and its edge days' facts.
    const combined = await summary(`${WEEK1}&officer=${a.id}&channel=email`);
    expect(combined.source).toBe('rollups');
    expect(combined.totals.firstResponseTime.count).toBe(1);
    expect(combined.totals.deadlines).toMatchObject({ met: 1, missed: 1 });
  });

  it('breaks down by team, tier, topic, channel and request type', async () => {
    const team = await summary(`${WEEK1}&groupBy=team`);
    expect(team.groups.map((g) => [g.label, g.values.assigned])).toEqual(
      expect.arrayContaining([['Desk A', 3], ['No team', 2]]),
    );
    const tier = await summary(`${WEEK1}&groupBy=tier`);
    expect(Object.fromEntries(tier.groups.map((g) => [g.label, g.values.received]))).toEqual({ national: 2, local: 2, 'No tier': 1 });
    const topic = await summary(`${WEEK1}&groupBy=topic`);
    expect(Object.fromEntries(topic.groups.map((g) => [g.label, g.values.received]))).toEqual({ transport: 2, budget: 1, health: 1, 'No topic': 2 });
    const channel = await summary(`${WEEK1}&groupBy=channel`);
    expect(Object.fromEntries(channel.groups.map((g) => [g.key, g.values.received]))).toEqual({ email: 3, web: 2 });
    const requestType = await summary(`${WEEK1}&groupBy=requestType&channel=email`);
    expect(requestType.source).toBe('live');
    expect(Object.fromEntries(requestType.groups.map((g) => [g.key, g.values.received]))).toEqual({ comment: 1, data: 1, interview: 1 });
  });

  it('draws weekly and daily series in the office time zone', async () => {
    const weekly = await manager.get<MetricsSeriesDto>(`/api/metrics/series?metric=received&granularity=week&from=2026-03-23&to=2026-04-05`);
    expect(weekly.status).toBe(200);
    expect(weekly.body.points.map((p) => [p.period, p.value])).toEqual([
      ['2026-03-23', 5],
      ['2026-03-30', 1],
    ]);
    const daily = await manager.get<MetricsSeriesDto>(`/api/metrics/series?metric=received&granularity=day&from=2026-03-29&to=2026-03-30`);
    expect(daily.body.points.map((p) => [p.period, p.value])).toEqual([
      ['2026-03-29', 1],
      ['2026-03-30', 1],
    ]);
    const backlog = await manager.get<MetricsSeriesDto>(`/api/metrics/series?metric=backlog&granularity=day&from=2026-03-27&to=2026-03-30`);
    // End of Friday: T4; of Saturday: T4; of Sunday (23:00 UTC): T4 and T6; of Monday: T5 and T6.
    expect(backlog.body.points.map((p) => p.value)).toEqual([1, 1, 2, 2]);
    const rate = await manager.get<MetricsSeriesDto>(`/api/metrics/series?metric=deadlineHitRate&granularity=month&from=2026-03-01&to=2026-03-31`);
    expect(rate.body.points).toEqual([{ period: '2026-03-01', group: null, label: null, value: 1 / 3, count: 3, p90Seconds: null }]);
    const byOfficer = await manager.get<MetricsSeriesDto>(
      `/api/metrics/series?metric=firstResponseTime&granularity=week&groupBy=officer&${WEEK1}`,
    );
    expect(byOfficer.body.unit).toBe('seconds');
    expect(byOfficer.body.points.find((p) => p.label === 'Ben Officer')).toMatchObject({ value: 60 * MIN, count: 2, p90Seconds: 19 * HOUR });
  });

  it('lists the tickets behind a number, newest first, with the same filters', async () => {
    const missed = await manager.get<Page<MetricTicketDto>>(`/api/metrics/tickets?metric=deadlinesMissed&${WEEK1}`);
    expect(missed.status).toBe(200);
    expect(missed.body.items.map((item) => item.id)).toEqual([ids.t4, ids.t3]);
    const byB = await manager.get<Page<MetricTicketDto>>(`/api/metrics/tickets?metric=deadlinesMissed&officer=${b.id}&${WEEK1}`);
    expect(byB.body.items.map((item) => item.id)).toEqual([ids.t3]);
    const first = await manager.get<Page<MetricTicketDto>>(`/api/metrics/tickets?metric=firstResponseTime&${WEEK1}&limit=2`);
    expect(first.body.items.map((item) => [item.reference.startsWith('ND-'), item.seconds])).toEqual([
      [true, 19 * HOUR],
      [true, 3601],
    ]);
    const rest = await manager.get<Page<MetricTicketDto>>(`/api/metrics/tickets?metric=firstResponseTime&${WEEK1}&limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.items.map((item) => item.id)).toEqual([ids.t2, ids.t1]);
    expect(rest.body.nextCursor).toBeNull();
    const open = await manager.get<Page<MetricTicketDto>>(`/api/metrics/tickets?metric=backlog`);
    expect(open.body.items.map((item) => item.id)).toEqual([ids.t5, ids.t6]);
    const noDeadline = await manager.get<Page<MetricTicketDto>>(`/api/metrics/tickets?metric=noDeadline&${WEEK1}`);
    expect(noDeadline.body.items.map((item) => item.id)).toEqual([ids.t6, ids.t2]);
  });

  it('keeps the backlog of today equal to the tickets open now', async () => {
    const today = await summary('');
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM tickets WHERE status NOT IN ('resolved', 'closed')`);
    expect(today.totals.backlog).toBe(rows[0].n);
  });

  it('exports the summary and a series as CSV', async () => {
    const byParam = await manager.get<string>(`/api/metrics/summary?${WEEK1}&groupBy=channel&format=csv`);
    expect(byParam.status).toBe(200);
    expect(byParam.headers.get('content-type')).toContain('text/csv');
    expect(byParam.headers.get('content-disposition')).toBe('attachment; filename="newsdesk-metrics-2026-03-23-2026-03-29.csv"');
    const lines = byParam.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(SUMMARY_CSV_HEADER.join(','));
    const total = Object.fromEntries(lines[1].split(',').map((cell, i) => [SUMMARY_CSV_HEADER[i], cell]));
    expect(total).toMatchObject({ group: 'total', received: '5', first_response_median_seconds: '3600', deadline_hit_rate: '0.3333', no_deadline: '2' });
    expect(lines).toHaveLength(4);

    const byAccept = await manager.request<string>('GET', `/api/metrics/series?metric=received&granularity=week&${WEEK1}`, undefined, { accept: 'text/csv' });
    expect(byAccept.headers.get('content-type')).toContain('text/csv');
    expect(byAccept.body).toBe(`${SERIES_CSV_HEADER.join(',')}\r\nreceived,count,week,2026-03-23,,,5,5,\r\n`);
  });

  it('refuses agents and visitors, and bad ranges', async () => {
    for (const path of ['/api/metrics/summary', '/api/metrics/series?metric=received', '/api/metrics/tickets?metric=received', '/api/metrics/options', '/api/metrics/digest-subscription']) {
      expect((await agent.get(path)).status).toBe(403);
      expect((await new HttpClient(testApp.baseUrl).get(path)).status).toBe(401);
    }
    expect((await manager.get('/api/metrics/summary?from=2026-03-10&to=2026-03-01')).body.message).toBe('from must be on or before to');
    expect((await manager.get('/api/metrics/summary?from=2026-02-30')).status).toBe(400);
    expect((await manager.get('/api/metrics/summary?groupBy=mood')).body.message).toContain('groupBy must be one of');
    expect((await manager.get('/api/metrics/series')).body.message).toContain('metric must be one of');
    expect((await manager.get('/api/metrics/summary?officer=bob')).status).toBe(400);
  });

  it('offers the filter values', async () => {
    const response = await manager.get('/api/metrics/options');
    expect(response.status).toBe(200);
    expect(response.body.businessHours).toBe('mon 09:00-17:30, tue 09:00-17:30, wed 09:00-17:30, thu 09:00-17:30, fri 09:00-17:30; holidays 2026-04-03');
    expect(response.body.teams).toEqual([{ id: teamA, name: 'Desk A' }]);
    expect(response.body.topics).toEqual(['budget', 'health', 'transport']);
    expect(response.body.outlets.map((o: { name: string }) => o.name)).toEqual(['Local Courier', 'National Daily']);
  });

  it('recomputes a closed day when a ticket changes, and equals the live computation after a rebuild', async () => {
    // T3's deadline moves one second later: answered at the deadline now counts as met.
    const patch = await manager.patch(`/api/tickets/${ids.t3}`, { deadlineAt: '2026-03-25T15:00:01Z' });
    expect(patch.status).toBe(200);
    expect((await summary(WEEK1)).totals.deadlines).toMatchObject({ met: 2, missed: 1 });

    await testApp.app.get(RollupsService).rebuild();
    const metrics = testApp.app.get(MetricsService);
    for (const query of [
      { from: '2026-03-01', to: '2026-04-30' },
      { from: '2026-03-23', to: '2026-03-29', groupBy: 'officer' as const },
      { from: '2026-03-24', to: '2026-04-02', groupBy: 'topic' as const, clock: 'business' as const },
      { from: '2026-03-23', to: '2026-03-31', groupBy: 'tier' as const },
      // The last 30 days: closed days and today's provisional rollup.
      { groupBy: 'officer' as const },
    ]) {
      const stored = await metrics.summary(query);
      const live = await metrics.summary(query, { source: 'live' });
      expect(stored.source).toBe('rollups');
      expect(live.source).toBe('live');
      expect({ totals: stored.totals, groups: stored.groups }).toEqual({ totals: live.totals, groups: live.groups });
    }
    const storedSeries = await metrics.series({ metric: 'resolutionTime', granularity: 'day', from: '2026-03-20', to: '2026-04-02' });
    const liveSeries = await metrics.series({ metric: 'resolutionTime', granularity: 'day', from: '2026-03-20', to: '2026-04-02' }, { source: 'live' });
    expect(storedSeries.points).toEqual(liveSeries.points);
  });

  it('keeps today current: a new inquiry counts at once, and a deadline left unanswered turns from pending to missed', async () => {
    const before = (await summary('')).totals;
    const created = await manager.post('/api/tickets', {
      subject: 'Asked today',
      text: 'Caller needs a line within seconds.',
      deadlineAt: new Date(Date.now() + 2_000).toISOString(),
      journalist: { name: 'Dee Adline', email: 'dee@today.example' },
    });
    expect(created.status).toBe(201);
    const pending = (await summary('')).totals;
    expect(pending.received).toBe(before.received + 1);
    expect(pending.deadlines).toMatchObject({ pending: before.deadlines.pending + 1, missed: before.deadlines.missed });
    expect(pending.backlog).toBe(before.backlog + 1);

    // The live day reads the database's clock: poll (bounded) until the deadline has passed there, instead of sleeping past it.
    const passed = await waitFor(async () => {
      const totals = (await summary('')).totals;
      return totals.deadlines.missed > before.deadlines.missed && totals;
    }, 'the deadline to count as missed');
    expect(passed.deadlines).toMatchObject({ pending: before.deadlines.pending, missed: before.deadlines.missed + 1 });
  });

  it('queues one weekly digest per subscribed manager through the outbox', async () => {
    expect((await manager.get('/api/metrics/digest-subscription')).body).toEqual({ subscribed: false });
    const on = await manager.request('PUT', '/api/metrics/digest-subscription', { subscribed: true });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ subscribed: true });
    const digests = testApp.app.get(DigestService);
    expect(await digests.queueDue()).toBe(1);
    expect(await digests.queueDue()).toBe(0);
    const { rows } = await db.query(`SELECT kind, status, to_addresses, subject, text, rfc_message_id FROM outbound_messages WHERE kind = 'notification'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'notification', status: 'queued', to_addresses: [{ name: 'Test manager', address: managerUser.email }] });
    expect(rows[0].subject).toMatch(/^Press office week of \d{4}-\d{2}-\d{2}: \d+ deadlines? missed, (\d+%|-) met, \d+ inquir(y|ies)$/);
    expect(rows[0].text).toContain('Inquiries received');
    expect(rows[0].rfc_message_id).toMatch(/^nd\.digest-[0-9a-f-]+-\d{8}\.[a-z2-7]{10}@newsdesk\.test$/);
  });
});
