import type { OutletDetailDto, Page, ResponseTargetDto, TargetBreachDto, TargetOutcomesDto, TicketDetailDto, TicketQueueItemDto } from '@newsdesk/shared';
import pg from 'pg';
import { Clock } from '../src/common/clock.js';
import { connectDatabase } from './database.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import type { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * Office: Europe/London, Mon-Fri 09:00-17:30, Good Friday (3 April 2026) a holiday. British Summer
 * Time starts on Sunday 29 March 2026, so Monday 30 March 09:00 local is 08:00 UTC.
 */
const OFFICE = { OFFICE_TIMEZONE: 'Europe/London', OFFICE_HOURS: 'Mon-Fri 09:00-17:30', OFFICE_HOLIDAYS: '2026-04-03', METRICS_REFRESH_SECONDS: '0' };

/** An independent oracle: steps minute by minute over the office's opening hours, read with Intl. */
function officeDueAt(start: Date, minutes: number): Date {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  const isOpen = (at: Date) => {
    const p = Object.fromEntries(parts.formatToParts(at).map((part) => [part.type, part.value]));
    const date = `${p.year}-${p.month}-${p.day}`;
    const clock = Number(p.hour) * 60 + Number(p.minute);
    return !['Sat', 'Sun'].includes(p.weekday) && date !== '2026-04-03' && clock >= 9 * 60 && clock < 17 * 60 + 30;
  };
  let at = new Date(start);
  let left = minutes;
  // Starts are on quarter hours, and so are openings and closings: closed time is skipped a quarter at a time.
  while (left > 0) {
    const open = isOpen(at);
    if (open) left--;
    at = new Date(at.getTime() + (open ? 60_000 : 15 * 60_000));
  }
  // A due time lands at the end of the last open minute, not at the next opening.
  return at;
}

describe('response targets', () => {
  let testApp: TestApp;
  let admin: HttpClient;
  let manager: HttpClient;
  let agent: HttpClient;
  let staff: { client: HttpClient; user: TestUser }[];
  let db: pg.Client;
  let now = new Date('2026-03-30T08:10:00Z');

  const targetEvents = async () =>
    (await db.query(`SELECT type, actor_id, before, after FROM events WHERE entity_type = 'response_target' ORDER BY id`)).rows as {
      type: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null;
    }[];
  const ticketTarget = async (id: string) =>
    (await db.query(`SELECT target_minutes, target_due_at, target_officer_id FROM tickets WHERE id = $1`, [id])).rows[0] as {
      target_minutes: number | null; target_due_at: Date | null; target_officer_id: string | null;
    };

  beforeAll(async () => {
    testApp = await createTestApp(OFFICE);
    testApp.app.get(Clock).now = () => now;
    db = await connectDatabase(testApp);
    staff = [await signedInClient(testApp, 'admin'), await signedInClient(testApp, 'manager'), await signedInClient(testApp, 'agent')];
    [admin, manager, agent] = staff.map(({ client }) => client);
  });

  /** Moves the injected clock days ahead; sessions follow that clock, so everyone signs in again at the new time. */
  const moveClockTo = async (at: Date) => {
    now = at;
    for (const { client, user } of staff) expect((await client.login(user.email, user.password)).status).toBe(200);
  };
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  describe('setting targets', () => {
    afterEach(() => db.query('DELETE FROM response_targets'));

    it('lets admins create, change and remove targets, with an audit event for each change', async () => {
      const created = await admin.post<ResponseTargetDto>('/api/response-targets', { tier: 'national', minutes: 30 });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ tier: 'national', requestType: null, minutes: 30 });
      const fallback = await admin.post<ResponseTargetDto>('/api/response-targets', { minutes: 240 });
      expect(fallback.body).toMatchObject({ tier: null, requestType: null, minutes: 240 });

      const changed = await admin.patch<ResponseTargetDto>(`/api/response-targets/${created.body.id}`, { minutes: 45 });
      expect(changed.status).toBe(200);
      expect(changed.body.minutes).toBe(45);
      expect((await manager.get<ResponseTargetDto[]>('/api/response-targets')).body.map((t) => [t.tier, t.minutes])).toEqual([
        [null, 240],
        ['national', 45],
      ]);
      expect((await admin.delete(`/api/response-targets/${fallback.body.id}`)).status).toBe(204);
      expect((await admin.delete(`/api/response-targets/${fallback.body.id}`)).status).toBe(404);

      expect(await targetEvents()).toEqual([
        expect.objectContaining({ type: 'response_target.created', after: { tier: 'national', requestType: null, minutes: 30 } }),
        expect.objectContaining({ type: 'response_target.created', after: { tier: null, requestType: null, minutes: 240 } }),
        expect.objectContaining({ type: 'response_target.updated', before: { tier: 'national', requestType: null, minutes: 30 }, after: { tier: 'national', requestType: null, minutes: 45 } }),
        expect.objectContaining({ type: 'response_target.deleted', before: { tier: null, requestType: null, minutes: 240 } }),
      ]);
    });

    it('refuses bad input with a readable 400 and a second target for the same scope with 409', async () => {
      const eventsBefore = (await targetEvents()).length;
      const bad: [Record<string, unknown>, string][] = [
        [{ tier: 'national' }, 'minutes must be a whole number of office minutes from 1 to 43200 (30 days)'],
        [{ minutes: 0 }, 'minutes must be a whole number'],
        [{ minutes: 12.5 }, 'minutes must be a whole number'],
        [{ minutes: '30' }, 'minutes must be a whole number'],
        [{ minutes: 43_201 }, 'minutes must be a whole number'],
        [{ tier: 'tabloid', minutes: 30 }, 'tier must be one of: national'],
        [{ requestType: 'gossip', minutes: 30 }, 'requestType must be one of: comment'],
        [{ minutes: 30, owner: 'me' }, 'property owner should not exist'],
      ];
      for (const [body, message] of bad) {
        const response = await admin.post<{ message: string }>('/api/response-targets', body);
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
        expect(JSON.stringify(response.body.message)).toContain(message);
      }
      const first = await admin.post<ResponseTargetDto>('/api/response-targets', { tier: 'local', requestType: 'data', minutes: 60 });
      expect(first.status).toBe(201);
      const again = await admin.post<{ message: string }>('/api/response-targets', { tier: 'local', requestType: 'data', minutes: 90 });
      expect(again.status).toBe(409);
      expect(again.body.message).toBe('A target for tier local and request type data exists already: change its minutes instead');
      expect((await admin.patch(`/api/response-targets/${first.body.id}`, { minutes: -5 })).status).toBe(400);
      expect((await admin.patch('/api/response-targets/not-an-id', { minutes: 5 })).status).toBe(400);
      expect((await admin.get<ResponseTargetDto[]>('/api/response-targets')).body).toEqual([expect.objectContaining({ minutes: 60 })]);
      expect(await targetEvents()).toHaveLength(eventsBefore + 1);
    });

    it('refuses agents and managers any change, and agents even the list; nothing changes', async () => {
      const target = (await admin.post<ResponseTargetDto>('/api/response-targets', { tier: 'trade', minutes: 120 })).body;
      const before = await targetEvents();
      for (const client of [agent, manager]) {
        expect((await client.post('/api/response-targets', { minutes: 1 })).status).toBe(403);
        expect((await client.patch(`/api/response-targets/${target.id}`, { minutes: 1 })).status).toBe(403);
        expect((await client.delete(`/api/response-targets/${target.id}`)).status).toBe(403);
      }
      expect((await agent.get('/api/response-targets')).status).toBe(403);
      expect((await agent.get('/api/metrics/targets')).status).toBe(403);
      expect((await agent.get('/api/metrics/targets/breaches')).status).toBe(403);
      expect((await admin.get<ResponseTargetDto[]>('/api/response-targets')).body).toEqual([expect.objectContaining({ id: target.id, minutes: 120 })]);
      expect(await targetEvents()).toEqual(before);
    });
  });

  describe('due times', () => {
    let national: OutletDetailDto;
    beforeAll(async () => {
      for (const body of [{ minutes: 240 }, { tier: 'national', minutes: 30 }, { requestType: 'interview', minutes: 120 }, { tier: 'national', requestType: 'interview', minutes: 60 }]) {
        expect((await admin.post('/api/response-targets', body)).status).toBe(201);
      }
      national = (await agent.post<OutletDetailDto>('/api/outlets', { name: 'The National', domains: ['national.example'], tier: 'national' })).body;
    });
    afterAll(() => db.query('DELETE FROM response_targets'));

    const logCall = async (body: Record<string, unknown>) => {
      const response = await agent.post<TicketDetailDto>('/api/tickets', { channel: 'phone', subject: 'A call', text: 'Phone call.', ...body });
      expect(response.status).toBe(201);
      return response.body;
    };
    const receivedAt = async (id: string, at: string) => {
      await db.query(`UPDATE tickets SET created_at = $2 WHERE id = $1`, [id, at]);
      return ticketTarget(id);
    };

    it('takes the most specific target: tier and type, then type, then tier, then the default', async () => {
      expect((await logCall({ outletId: national.id, requestType: 'interview' })).responseTarget?.minutes).toBe(60);
      expect((await logCall({ outletId: national.id, requestType: 'comment' })).responseTarget?.minutes).toBe(30);
      expect((await logCall({ requestType: 'interview' })).responseTarget?.minutes).toBe(120);
      expect((await logCall({ requestType: 'comment' })).responseTarget?.minutes).toBe(240);
    });

    it('counts office minutes: over the close, a weekend with the clock change, and a holiday', async () => {
      const ticket = await logCall({ outletId: national.id, requestType: 'comment' });
      // Friday 27 March 17:20 GMT: 10 minutes on Friday, 20 on Monday from 09:00 BST (08:00 UTC).
      expect((await receivedAt(ticket.id, '2026-03-27T17:20:00Z')).target_due_at).toEqual(new Date('2026-03-30T08:20:00Z'));
      expect(officeDueAt(new Date('2026-03-27T17:20:00Z'), 30)).toEqual(new Date('2026-03-30T08:20:00Z'));
      // Thursday 2 April 17:15 BST: 15 minutes, Good Friday and the weekend closed, 15 on Monday 6 April.
      expect((await receivedAt(ticket.id, '2026-04-02T16:15:00Z')).target_due_at).toEqual(new Date('2026-04-06T08:15:00Z'));
      // Received at night: the clock starts at opening.
      expect((await receivedAt(ticket.id, '2026-03-31T03:00:00Z')).target_due_at).toEqual(new Date('2026-03-31T08:30:00Z'));
      // Within the day, 30 minutes are 30 minutes.
      expect((await receivedAt(ticket.id, '2026-03-31T10:07:30Z')).target_due_at).toEqual(new Date('2026-03-31T10:37:30Z'));
      const shown = await agent.get<TicketDetailDto>(`/api/tickets/${ticket.id}`);
      expect(shown.body.responseTarget).toEqual({ minutes: 30, dueAt: '2026-03-31T10:37:30.000Z' });
    });

    it('moves the due time when the type, the outlet or its tier changes, and with a target change for waiting tickets only', async () => {
      const waiting = await logCall({ outletId: national.id, requestType: 'comment' });
      const answered = await logCall({ outletId: national.id, requestType: 'comment' });
      await receivedAt(waiting.id, '2026-03-31T09:00:00Z');
      await db.query(`UPDATE tickets SET created_at = '2026-03-31T09:00:00Z', first_response_at = '2026-03-31T09:10:00Z' WHERE id = $1`, [answered.id]);

      expect((await agent.patch(`/api/tickets/${waiting.id}`, { requestType: 'interview' })).status).toBe(200);
      expect(await ticketTarget(waiting.id)).toMatchObject({ target_minutes: 60, target_due_at: new Date('2026-03-31T10:00:00Z') });
      expect((await agent.patch(`/api/tickets/${waiting.id}`, { outletId: null })).status).toBe(200);
      expect((await ticketTarget(waiting.id)).target_minutes).toBe(120);
      expect((await agent.patch(`/api/tickets/${waiting.id}`, { outletId: national.id, requestType: 'comment' })).status).toBe(200);
      expect((await ticketTarget(waiting.id)).target_minutes).toBe(30);

      // The outlet becomes local: the waiting ticket falls to the default, the answered one keeps what it was measured against.
      expect((await admin.patch(`/api/outlets/${national.id}`, { tier: 'local' })).status).toBe(200);
      expect(await ticketTarget(waiting.id)).toMatchObject({ target_minutes: 240, target_due_at: new Date('2026-03-31T13:00:00Z') });
      expect((await ticketTarget(answered.id)).target_minutes).toBe(30);
      expect((await admin.patch(`/api/outlets/${national.id}`, { tier: 'national' })).status).toBe(200);
      expect((await ticketTarget(waiting.id)).target_minutes).toBe(30);

      const targets = (await admin.get<ResponseTargetDto[]>('/api/response-targets')).body;
      const nationalTarget = targets.find((t) => t.tier === 'national' && t.requestType === null)!;
      expect((await admin.patch(`/api/response-targets/${nationalTarget.id}`, { minutes: 15 })).status).toBe(200);
      expect(await ticketTarget(waiting.id)).toMatchObject({ target_minutes: 15, target_due_at: new Date('2026-03-31T09:15:00Z') });
      expect((await ticketTarget(answered.id)).target_minutes).toBe(30);
      expect((await admin.patch(`/api/response-targets/${nationalTarget.id}`, { minutes: 30 })).status).toBe(200);
    });
  });

  describe('hits and breaches', () => {
    let officers: TestUser[];
    const outlets: { id: string; tier: string | null }[] = [];
    const ids: string[] = [];

    beforeAll(async () => {
      await db.query(`DELETE FROM tickets`);
      for (const body of [{ minutes: 240 }, { tier: 'national', minutes: 30 }, { tier: 'regional', minutes: 60 }, { requestType: 'interview', minutes: 120 }]) {
        expect((await admin.post('/api/response-targets', body)).status).toBe(201);
      }
      officers = [await createUser(testApp, 'agent', { name: 'Ada' }), await createUser(testApp, 'agent', { name: 'Bo' })];
      for (const tier of ['national', 'regional', null]) {
        const { rows } = await db.query(`INSERT INTO outlets (name, tier) VALUES ($1, $2) RETURNING id`, [`Outlet ${tier ?? 'untiered'}`, tier]);
        outlets.push({ id: rows[0].id as string, tier });
      }
      // A deterministic spread over two weeks: office and night hours, answered early, late or not at all.
      let state = 7;
      const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      for (let i = 0; i < 60; i++) {
        const created = new Date(Date.UTC(2026, 2, 23) + Math.floor(random() * 14 * 24 * 4) * 15 * 60_000);
        const answer = random();
        const firstResponse = answer < 0.25 ? null : new Date(created.getTime() + Math.floor(answer * 3 * 24 * 60) * 60_000);
        const outlet = outlets[Math.floor(random() * outlets.length)];
        const officer = random() < 0.2 ? null : officers[Math.floor(random() * officers.length)].id;
        const tags = [[], ['energy'], ['energy', 'health'], ['health']][Math.floor(random() * 4)];
        const { rows } = await db.query(
          `INSERT INTO tickets (subject, channel, request_type, tags, assignee_id, outlet_id, created_at, first_response_at, status)
           VALUES ($1, 'email', $2, $3, $4, $5, $6, $7, 'open') RETURNING id`,
          [`Inquiry ${i}`, random() < 0.3 ? 'interview' : 'comment', tags, officer, outlet.id, created, firstResponse],
        );
        ids.push(rows[0].id as string);
      }
      await moveClockTo(new Date('2026-04-03T12:00:00Z'));
    });

    /** The outcome of every ticket computed here: the oracle's due time, then the rule in docs/metrics.md. */
    async function direct(from: string, to: string) {
      const { rows } = await db.query(
        `SELECT t.id, t.reference, t.created_at, t.first_response_at, t.assignee_id, t.request_type, t.tags, o.tier, o.name AS outlet_name
           FROM tickets t LEFT JOIN outlets o ON o.id = t.outlet_id WHERE t.id = ANY($1::uuid[])`,
        [ids],
      );
      const lo = new Date(`${from}T00:00:00Z`).getTime() - (from >= '2026-03-29' ? 3_600_000 : 0);
      const hi = new Date(`${to}T00:00:00Z`).getTime() + 86_400_000 - (to >= '2026-03-28' ? 3_600_000 : 0);
      return rows.flatMap((row) => {
        // A type target beats a tier target.
        const minutes = row.request_type === 'interview' ? 120 : row.tier === 'national' ? 30 : row.tier === 'regional' ? 60 : 240;
        const due = officeDueAt(row.created_at as Date, minutes);
        if (due.getTime() < lo || due.getTime() >= hi) return [];
        const reply = row.first_response_at as Date | null;
        const outcome = reply ? (reply <= due ? 'hit' : 'breach') : due <= now ? 'breach' : 'pending';
        const late = outcome === 'breach' ? Math.round(((reply ?? now).getTime() - due.getTime()) / 1000) : 0;
        return [{ id: row.id as string, reference: row.reference as string, outcome, late, officer: row.assignee_id as string | null, tier: row.tier as string | null, tags: row.tags as string[], outlet: row.outlet_name as string }];
      });
    }

    function tally(list: { outcome: string }[]) {
      const hits = list.filter((x) => x.outcome === 'hit').length;
      const breaches = list.filter((x) => x.outcome === 'breach').length;
      return { hits, breaches, pending: list.filter((x) => x.outcome === 'pending').length, hitRate: hits + breaches ? hits / (hits + breaches) : null };
    }

    it('counts hits, breaches and pending by officer, tier and topic exactly as a direct computation', async () => {
      for (const [from, to] of [['2026-03-23', '2026-04-05'], ['2026-03-30', '2026-04-01'], ['2026-03-27', '2026-03-27']]) {
        const expected = await direct(from, to);
        expect(expected.length).toBeGreaterThan(0);
        const keys = {
          officer: (x: (typeof expected)[number]) => [x.officer],
          tier: (x: (typeof expected)[number]) => [x.tier],
          topic: (x: (typeof expected)[number]) => (x.tags.length ? x.tags : [null]),
        };
        for (const groupBy of ['officer', 'tier', 'topic'] as const) {
          const response = await manager.get<TargetOutcomesDto>(`/api/metrics/targets?from=${from}&to=${to}&groupBy=${groupBy}`);
          expect(response.status).toBe(200);
          expect(response.body.total).toEqual(tally(expected));
          const groups = new Map<string | null, typeof expected>();
          for (const x of expected) for (const key of keys[groupBy](x)) groups.set(key, [...(groups.get(key) ?? []), x]);
          const rows = Object.fromEntries(response.body.rows.map((row) => [String(row.key), { hits: row.hits, breaches: row.breaches, pending: row.pending, hitRate: row.hitRate }]));
          expect(rows).toEqual(Object.fromEntries([...groups].map(([key, list]) => [String(key), tally(list)])));
        }
      }
      const byOfficer = await manager.get<TargetOutcomesDto>('/api/metrics/targets?from=2026-03-23&to=2026-04-05&groupBy=officer');
      expect(byOfficer.body.rows.map((row) => row.label).sort()).toEqual(['Ada', 'Bo', 'Unassigned']);
    });

    it('lists the breaches with who, which outlet and how late, page by page, and filtered as a row is', async () => {
      const expected = (await direct('2026-03-23', '2026-04-05')).filter((x) => x.outcome === 'breach');
      const seen: TargetBreachDto[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: Page<TargetBreachDto> } = await manager.get<Page<TargetBreachDto>>(
          `/api/metrics/targets/breaches?from=2026-03-23&to=2026-04-05&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen.map((b) => b.dueAt)).toEqual(seen.map((b) => b.dueAt).sort().reverse());
      expect(Object.fromEntries(seen.map((b) => [b.reference, [b.officer?.id ?? null, b.outlet?.name, b.lateSeconds]]))).toEqual(
        Object.fromEntries(expected.map((x) => [x.reference, [x.officer, x.outlet, x.late]])),
      );

      const ada = officers[0].id;
      const adas = await manager.get<Page<TargetBreachDto>>(`/api/metrics/targets/breaches?from=2026-03-23&to=2026-04-05&officer=${ada}&tier=national&limit=100`);
      expect(adas.body.items.map((b) => b.reference).sort()).toEqual(expected.filter((x) => x.officer === ada && x.tier === 'national').map((x) => x.reference).sort());
      const health = await manager.get<Page<TargetBreachDto>>(`/api/metrics/targets/breaches?from=2026-03-23&to=2026-04-05&topic=health&limit=100`);
      expect(health.body.items).toHaveLength(expected.filter((x) => x.tags.includes('health')).length);
    });

    it('counts by the injected clock: a waiting ticket is pending before its due time and a breach after', async () => {
      const [{ id }] = (await db.query(`INSERT INTO tickets (subject, channel, outlet_id, created_at, status) VALUES ('Clock', 'email', $1, '2026-04-13T08:00:00Z', 'new') RETURNING id`, [outlets[0].id])).rows;
      ids.push(id);
      expect((await ticketTarget(id)).target_due_at).toEqual(new Date('2026-04-13T08:30:00Z'));
      const read = async () => (await manager.get<TargetOutcomesDto>('/api/metrics/targets?from=2026-04-13&to=2026-04-13')).body.total;
      await moveClockTo(new Date('2026-04-13T08:29:59Z'));
      expect(await read()).toEqual({ hits: 0, breaches: 0, pending: 1, hitRate: null });
      now = new Date('2026-04-13T08:38:00Z');
      expect(await read()).toEqual({ hits: 0, breaches: 1, pending: 0, hitRate: 0 });
      const [breach] = (await manager.get<Page<TargetBreachDto>>('/api/metrics/targets/breaches?from=2026-04-13&to=2026-04-13')).body.items;
      expect(breach).toMatchObject({ lateSeconds: 8 * 60, firstResponseAt: null, targetMinutes: 30 });
      // Answered at the due second: a hit, credited to who held the ticket then.
      const officer = officers[1].id;
      await db.query(`UPDATE tickets SET assignee_id = $2, first_response_at = '2026-04-13T08:30:00Z' WHERE id = $1`, [id, officer]);
      await db.query(`UPDATE tickets SET assignee_id = $2 WHERE id = $1`, [id, officers[0].id]);
      expect(await read()).toEqual({ hits: 1, breaches: 0, pending: 0, hitRate: 1 });
      expect((await manager.get<TargetOutcomesDto>('/api/metrics/targets?from=2026-04-13&to=2026-04-13&groupBy=officer')).body.rows).toEqual([
        expect.objectContaining({ key: officer, label: 'Bo', hits: 1 }),
      ]);
    });

    it('orders the queue by target: waiting tickets by due time, then the answered, page by page', async () => {
      const seen: TicketQueueItemDto[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: Page<TicketQueueItemDto> } = await agent.get<Page<TicketQueueItemDto>>(`/api/tickets?sort=target&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      const { rows } = await db.query(
        `SELECT id FROM tickets ORDER BY coalesce(CASE WHEN first_response_at IS NULL THEN target_due_at END, 'infinity'), id`,
      );
      expect(seen.map((ticket) => ticket.id)).toEqual(rows.map((row) => row.id));
      const waiting = seen.filter((ticket) => !ticket.firstResponseAt);
      expect(waiting.length).toBeGreaterThan(5);
      expect(seen.slice(0, waiting.length)).toEqual(waiting);
    });

    it('refuses a bad range, grouping, filter or cursor with a readable 400', async () => {
      const cases: [string, string][] = [
        ['from=2026-04-05&to=2026-03-23', 'from must not be after to'],
        ['from=2024-01-01&to=2026-04-05', 'A range covers at most 731 days'],
        ['from=2026-02-30', 'from and to must be real dates like 2026-03-01'],
        ['from=yesterday', 'from must be a date like 2026-03-01'],
        ['groupBy=journalist', 'groupBy must be one of: officer, tier, topic'],
        ['officer=bob', 'officer must be a user id or none'],
        ['tier=tabloid', 'tier must be one of'],
        ['limit=500', 'limit must be a whole number from 1 to 200'],
      ];
      for (const [query, message] of cases) {
        const response = await manager.get<{ message: string }>(`/api/metrics/targets/breaches?${query}`);
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
        expect(JSON.stringify(response.body.message)).toContain(message);
      }
      expect((await manager.get('/api/metrics/targets/breaches?cursor=bm9wZQ')).status).toBe(400);
    });
  });
});
