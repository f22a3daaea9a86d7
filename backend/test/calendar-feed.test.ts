import type { CalendarSubscriptionDto, TicketDetailDto } from '@newsdesk/shared';
import ICAL from 'ical.js';
import pg from 'pg';
import { Clock } from '../src/common/clock.js';
import { connectDatabase } from './database.js';
import { signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const ZONE = 'Europe/Berlin';
const PER_LINK = 6;
const PER_NETWORK = 40;
const NEW_PASSWORD = 'lantern orchard pebble quietly';
const HOSTILE_SUBJECT = 'Budget, cuts; and more\\ \r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:injected — ' + 'lange Überschrift, '.repeat(6) + 'Ende';

interface ParsedFeed {
  text: string;
  events: ICAL.Event[];
}

/** Parses a feed as a calendar app would: ical.js, with the feed's own VTIMEZONE registered. */
function parseFeed(text: string): ParsedFeed {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return { text, events: calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component)) };
}

describe('deadline calendar', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let alex: HttpClient;
  let alexUser: TestUser;
  let blair: HttpClient;
  let blairUser: TestUser;
  let admin: HttpClient;
  let offset = 0;
  const tickets: Record<string, TicketDetailDto> = {};

  /** The feed fetched like a calendar app: no cookie, no header but the URL. */
  const fetchFeed = (url: string, init: RequestInit = {}) => fetch(`${testApp.baseUrl}${new URL(url).pathname}`, init);
  const subscribe = async (client: HttpClient) => {
    const response = await client.post<CalendarSubscriptionDto>('/api/calendar/subscription');
    expect(response.status).toBe(201);
    return response.body.url!;
  };
  const logInquiry = async (client: HttpClient, body: Record<string, unknown>) => {
    const response = await client.post<TicketDetailDto>('/api/tickets', { text: 'Called about it.', channel: 'phone', ...body });
    expect(response.status).toBe(201);
    return response.body;
  };
  const nextHour = () => (offset += 3_600_000);

  beforeAll(async () => {
    testApp = await createTestApp({
      OFFICE_TIMEZONE: ZONE,
      CALENDAR_FEED_MAX_PER_LINK_PER_HOUR: String(PER_LINK),
      CALENDAR_FEED_MAX_PER_IP_PER_HOUR: String(PER_NETWORK),
      // Sessions follow the same clock: they must outlast the hours the tests move it forward.
      SESSION_IDLE_MINUTES: '180',
    });
    // Real time plus an offset the tests move forward to reach the next rate-limit window.
    testApp.app.get(Clock).now = () => new Date(Date.now() + offset);
    db = await connectDatabase(testApp);
    ({ client: alex, user: alexUser } = await signedInClient(testApp, 'agent'));
    ({ client: blair, user: blairUser } = await signedInClient(testApp, 'agent'));
    ({ client: admin } = await signedInClient(testApp, 'admin'));

    tickets.winter = await logInquiry(alex, { subject: 'Bridge closure', deadlineAt: '2026-12-10T15:00:00Z', assigneeId: alexUser.id });
    tickets.summer = await logInquiry(alex, { subject: 'Summer festival', deadlineAt: '2027-07-01T08:00:00Z', assigneeId: alexUser.id });
    tickets.hostile = await logInquiry(alex, { subject: 'Placeholder', deadlineAt: '2026-12-11T09:30:00Z', assigneeId: alexUser.id });
    expect((await alex.patch(`/api/tickets/${tickets.hostile.id}`, { subject: HOSTILE_SUBJECT })).status).toBe(200);
    tickets.detected = await logInquiry(alex, { subject: 'Budget figures', assigneeId: alexUser.id });
    // A deadline read out of the journalist's mail (the intake writes it this way), not yet confirmed.
    await db.query(`UPDATE tickets SET suggested_deadline_at = '2026-12-12T11:00:00Z' WHERE id = $1`, [tickets.detected.id]);
    tickets.undated = await logInquiry(alex, { subject: 'No deadline here', assigneeId: alexUser.id });
    tickets.resolved = await logInquiry(alex, { subject: 'Already answered', deadlineAt: '2026-12-09T10:00:00Z', assigneeId: alexUser.id });
    expect((await alex.patch(`/api/tickets/${tickets.resolved.id}`, { status: 'resolved' })).status).toBe(200);
    tickets.unassigned = await logInquiry(alex, { subject: 'Nobody has it', deadlineAt: '2026-12-09T11:00:00Z' });
    tickets.blairs = await logInquiry(blair, { subject: 'Secret merger talks', deadlineAt: '2026-12-09T12:00:00Z', assigneeId: blairUser.id });
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it("lists only the officer's open tickets with a deadline, in the office time zone, parsed by ical.js", async () => {
    const url = await subscribe(alex);
    expect(url).toMatch(new RegExp(`^${testApp.config.publicUrl}/api/calendar/deadlines/ndcal_[A-Za-z0-9_-]{43}\\.ics$`));
    const response = await fetchFeed(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const feed = parseFeed(await response.text());

    const uid = (ticket: TicketDetailDto) => `ticket-${ticket.id}-deadline@newsdesk.test`;
    expect(feed.events.map((event) => event.uid).sort()).toEqual([tickets.winter, tickets.summer, tickets.hostile, tickets.detected].map(uid).sort());
    expect(feed.text).not.toContain('Secret merger talks');
    expect(feed.text).not.toContain('Nobody has it');
    expect(feed.text).not.toContain('Already answered');

    const byUid = new Map(feed.events.map((event) => [event.uid, event]));
    const winter = byUid.get(uid(tickets.winter))!;
    expect(winter.startDate.zone?.tzid).toBe(ZONE);
    expect([winter.startDate.hour, winter.startDate.minute]).toEqual([16, 0]);
    expect(winter.startDate.toJSDate().toISOString()).toBe('2026-12-10T15:00:00.000Z');
    const summer = byUid.get(uid(tickets.summer))!;
    expect(summer.startDate.zone?.tzid).toBe(ZONE);
    expect([summer.startDate.hour, summer.startDate.minute]).toEqual([10, 0]);
    expect(summer.startDate.toJSDate().toISOString()).toBe('2027-07-01T08:00:00.000Z');
    expect(feed.text).toContain(`DTSTART;TZID=${ZONE}:20261210T160000\r\n`);
    expect(feed.text).toContain(`X-WR-TIMEZONE:${ZONE}\r\n`);

    expect(winter.summary).toBe(`${tickets.winter.reference}: Bridge closure`);
    expect(winter.component.getFirstPropertyValue('url')).toBe(`${testApp.config.publicUrl}/tickets/${tickets.winter.reference}`);
    expect(winter.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(byUid.get(uid(tickets.detected))!.description).toContain('not yet confirmed');
    expect(byUid.get(uid(tickets.detected))!.startDate.toJSDate().toISOString()).toBe('2026-12-12T11:00:00.000Z');

    // The hostile subject stays one SUMMARY: escaped, folded, and no event, UID or line break of its own.
    const hostile = byUid.get(uid(tickets.hostile))!;
    expect(hostile.summary).toBe(`${tickets.hostile.reference}: ${HOSTILE_SUBJECT.replace(/\r\n/g, '\n')}`);
    expect(feed.text).not.toMatch(/^UID:evil/m);
    expect(feed.text.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(4);
    expect(feed.text).toContain('Budget\\, cuts\\; and more\\\\ \\nEND:VEVENT');
    const lines = feed.text.split('\r\n');
    expect(lines.every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
  });

  it('keeps the UID when a deadline moves, with the new time and a later DTSTAMP', async () => {
    await db.query(
      `UPDATE tickets SET updated_at = updated_at - interval '1 day', last_activity_at = last_activity_at - interval '1 day', created_at = created_at - interval '1 day' WHERE id = $1`,
      [tickets.winter.id],
    );
    const url = await subscribe(alex);
    const event = (feed: ParsedFeed) => feed.events.find((item) => item.uid === `ticket-${tickets.winter.id}-deadline@newsdesk.test`)!;
    const before = event(parseFeed(await (await fetchFeed(url)).text()));
    expect((await alex.patch(`/api/tickets/${tickets.winter.id}`, { deadlineAt: '2026-12-10T17:30:00Z' })).status).toBe(200);
    const after = event(parseFeed(await (await fetchFeed(url)).text()));
    expect([after.startDate.hour, after.startDate.minute]).toEqual([18, 30]);
    const stamp = (item: ICAL.Event) => (item.component.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().getTime();
    expect(stamp(after)).toBeGreaterThan(stamp(before));
  });

  it('refuses a replaced, revoked, malformed or missing link at once, and a link never works as an API token', async () => {
    const first = await subscribe(alex);
    expect((await fetchFeed(first)).status).toBe(200);
    const second = await subscribe(alex);
    const replaced = await fetchFeed(first);
    expect(replaced.status).toBe(404);
    expect(((await replaced.json()) as { message: string }).message).toMatch(/revoked or replaced/);
    expect((await fetchFeed(second)).status).toBe(200);

    const secret = new URL(second).pathname.split('/').at(-1)!.replace(/\.ics$/, '');
    const asBearer = await fetch(`${testApp.baseUrl}/api/tickets`, { headers: { authorization: `Bearer ${secret}` } });
    expect(asBearer.status).toBe(401);
    for (const path of ['/api/calendar/deadlines/', '/api/calendar/deadlines/.ics', `/api/calendar/deadlines/${secret}`, `/api/calendar/deadlines/${secret}x.ics`]) {
      expect([path, (await fetch(`${testApp.baseUrl}${path}`)).status]).toEqual([path, 404]);
    }

    // Managing the link takes a signed-in session (and its CSRF token for changes).
    expect((await fetch(`${testApp.baseUrl}/api/calendar/subscription`)).status).toBe(401);
    expect((await fetch(`${testApp.baseUrl}/api/calendar/subscription`, { method: 'DELETE' })).status).toBe(401);
    const noCsrf = new HttpClient(testApp.baseUrl);
    await noCsrf.login(alexUser.email, alexUser.password);
    noCsrf.csrfToken = null;
    expect((await noCsrf.delete('/api/calendar/subscription')).status).toBe(403);
    expect((await fetchFeed(second)).status).toBe(200);

    const status = await alex.get<CalendarSubscriptionDto>('/api/calendar/subscription');
    expect(status.body).toMatchObject({ active: true, prefix: secret.slice(0, 10), timeZone: ZONE });
    expect(status.body.url).toBeUndefined();
    expect(status.body.lastUsedAt).not.toBeNull();

    expect((await alex.delete('/api/calendar/subscription')).status).toBe(204);
    expect((await fetchFeed(second)).status).toBe(404);
    expect((await alex.delete('/api/calendar/subscription')).status).toBe(404);
    expect((await alex.get<CalendarSubscriptionDto>('/api/calendar/subscription')).body).toMatchObject({ active: false, prefix: null });
    const events = await db.query(`SELECT type FROM events WHERE entity_type = 'calendar_feed' AND actor_id = $1 ORDER BY id`, [alexUser.id]);
    expect(events.rows.map((row: { type: string }) => row.type)).toEqual(expect.arrayContaining(['calendar_feed.created', 'calendar_feed.rotated', 'calendar_feed.revoked']));
    expect(JSON.stringify(await db.query(`SELECT * FROM calendar_feed_tokens`).then((result) => result.rows))).not.toContain(secret);
  });

  it("serves another officer's link only with their tickets, whoever sends it, and stops when their account is deactivated", async () => {
    const blairs = await subscribe(blair);
    // Alex's session cookie travels along: the link alone decides whose deadlines these are.
    const cookie = await sessionCookie(alexUser);
    const feed = parseFeed(await (await fetchFeed(blairs, { headers: { cookie } })).text());
    expect(feed.events.map((event) => event.uid)).toEqual([`ticket-${tickets.blairs.id}-deadline@newsdesk.test`]);
    expect(feed.text).not.toContain('Bridge closure');

    expect((await admin.patch(`/api/users/${blairUser.id}`, { active: false })).status).toBe(200);
    expect((await fetchFeed(blairs)).status).toBe(404);
  });

  it("stops the link when the account is taken back: an admin's password reset, or a forgot-password link", async () => {
    const byAdmin = await signedInClient(testApp, 'agent');
    const adminReset = await subscribe(byAdmin.client);
    expect((await fetchFeed(adminReset)).status).toBe(200);
    expect((await admin.patch(`/api/users/${byAdmin.user.id}`, { password: NEW_PASSWORD })).status).toBe(200);
    expect((await fetchFeed(adminReset)).status).toBe(404);

    const byMail = await signedInClient(testApp, 'agent');
    const mailReset = await subscribe(byMail.client);
    expect((await fetchFeed(mailReset)).status).toBe(200);
    expect((await new HttpClient(testApp.baseUrl).post('/api/auth/password-reset-requests', { email: byMail.user.email })).status).toBe(202);
    const { rows } = await db.query(`SELECT text FROM outbound_messages WHERE to_addresses->0->>'address' = $1 AND text LIKE '%reset-password#token=%'`, [byMail.user.email]);
    const token = /reset-password#token=([A-Za-z0-9_-]+)/.exec((rows[0] as { text: string }).text)![1];
    expect((await new HttpClient(testApp.baseUrl).post('/api/auth/password-resets', { token, password: NEW_PASSWORD })).status).toBe(204);
    expect((await fetchFeed(mailReset)).status).toBe(404);
    const events = await db.query(`SELECT type, after->'calendarLinks' AS links FROM events WHERE entity_id IN ($1, $2) AND type IN ('user.access_revoked', 'user.password_reset')`, [
      byAdmin.user.id,
      byMail.user.id,
    ]);
    expect(events.rows.map((row: { links: number }) => row.links)).toEqual([1, 1]);
  });

  it('rate-limits each link and each network per hour with 429 and Retry-After, and serves again in the next hour', async () => {
    nextHour();
    const url = await subscribe(alex);
    for (let i = 0; i < PER_LINK; i += 1) expect((await fetchFeed(url)).status).toBe(200);
    const limited = await fetchFeed(url);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { message: string }).message).toMatch(/Too many calendar requests for this calendar link/);

    // Guessing links spends the network's budget; past it even a good link waits.
    const fresh = await subscribe(alex);
    let guesses = 0;
    for (;;) {
      const guess = await fetch(`${testApp.baseUrl}/api/calendar/deadlines/ndcal_${'A'.repeat(43)}.ics`);
      if (guess.status === 429) break;
      expect(guess.status).toBe(404);
      guesses += 1;
      expect(guesses).toBeLessThanOrEqual(PER_NETWORK);
    }
    expect((await fetchFeed(fresh)).status).toBe(429);

    nextHour();
    const again = await fetchFeed(fresh);
    expect(again.status).toBe(200);
    expect(parseFeed(await again.text()).events).toHaveLength(4);
  });

  /** A session cookie header for a person, from a fresh sign-in. */
  async function sessionCookie(user: TestUser): Promise<string> {
    const response = await fetch(`${testApp.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: testApp.baseUrl },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(response.status).toBe(200);
    return response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
  }
});
