import type { DeadlineMissDto, DigestPreviewDto, DigestSettingsDto, MetricsComparisonDto, MetricsSummaryDto, Page } from '@newsdesk/shared';
import pg from 'pg';
import { Clock } from '../src/common/clock.js';
import { DigestService } from '../src/metrics/digest.service.js';
import { FIGURES_CSV_HEADER, MISSES_CSV_HEADER } from '../src/metrics/digest-render.js';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { CaptureSmtp, type CapturedMail } from './capture-smtp.js';
import { connectDatabase } from './database.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { compose, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

const ATTACK_NAME = '<img src=x onerror=alert(1)>';

/** Splits RFC 4180 CSV (no embedded line breaks in these files) into rows of fields. */
function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split('\r\n')
    .map((line) => {
      const fields: string[] = [];
      let field = '';
      let quoted = false;
      for (let i = 0; i < line.length; i += 1) {
        const c = line[i];
        if (quoted && c === '"' && line[i + 1] === '"') {
          field += '"';
          i += 1;
        } else if (c === '"') {
          quoted = !quoted;
        } else if (c === ',' && !quoted) {
          fields.push(field);
          field = '';
        } else {
          field += c;
        }
      }
      fields.push(field);
      return fields;
    });
}

/**
 * The manager's report in Europe/London. The app's clock stands on Wednesday 8 April 2026, so the
 * weekly digest covers Monday 30 March to Sunday 5 April (against 23-29 March) and the daily one
 * Tuesday 7 April.
 *
 * This week: M1 deadline Mon 30 12:00, answered 13:30 (1 h 30 late), officer A, journalist with an
 *   attacker's name (arrived through the SMTP door), outlet National; M2 deadline Tue 31 10:00, never
 *   answered, officer B, outlet Local; H1 met. Week before: P1 and P2 met. Tue 7 April: D1 missed.
 */
describe('manager report', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let db: pg.Client;
  let manager: HttpClient;
  let managerUser: TestUser;
  let daily: HttpClient;
  let dailyUser: TestUser;
  let agent: HttpClient;
  let a: TestUser;
  let b: TestUser;
  const ids: Record<string, string> = {};
  let national: string;
  let local: string;

  async function insertTicket(fields: Record<string, unknown>): Promise<string> {
    const columns = Object.keys(fields);
    const { rows } = await db.query(
      `INSERT INTO tickets (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(fields),
    );
    return rows[0].id as string;
  }

  beforeAll(async () => {
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OFFICE_TIMEZONE: 'Europe/London', METRICS_REFRESH_SECONDS: '0', OUTBOX_RETRY_BASE_MS: '50' });
    testApp.app.get(Clock).now = () => new Date('2026-04-08T09:00:00Z');
    db = await connectDatabase(testApp);
    ({ client: manager, user: managerUser } = await signedInClient(testApp, 'manager'));
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    dailyUser = await createUser(testApp, 'manager', { name: 'Dana Daily' });
    daily = new HttpClient(testApp.baseUrl);
    expect((await daily.login(dailyUser.email, dailyUser.password)).status).toBe(200);
    a = await createUser(testApp, 'agent', { name: 'Ana Officer' });
    b = await createUser(testApp, 'agent', { name: 'Ben Officer' });
    national = (await db.query(`INSERT INTO outlets (name, tier) VALUES ('National Daily', 'national') RETURNING id`)).rows[0].id;
    local = (await db.query(`INSERT INTO outlets (name, tier) VALUES ('Local Courier', 'local') RETURNING id`)).rows[0].id;

    // The attacker's name arrives the way a journalist's does: the display name of a mail to the desk.
    const { transport } = await startMailDoors(testApp);
    await transport.sendMail({
      envelope: { from: 'evil@attacker.example', to: 'news@newsdesk.test' },
      raw: await compose({ from: { name: ATTACK_NAME, address: 'evil@attacker.example' }, subject: 'Budget <script>alert(2)</script>', text: 'Comment by noon?' }),
    });
    const attacked = await waitFor(async () => (await db.query(`SELECT id, journalist_id FROM tickets WHERE subject LIKE 'Budget%'`)).rows[0] as { id: string; journalist_id: string } | undefined, 'the mailed inquiry');
    expect((await db.query(`SELECT name FROM journalists WHERE id = $1`, [attacked.journalist_id])).rows[0].name).toBe(ATTACK_NAME);
    // Arranged into the reported week (the door stamps today's time).
    ids.m1 = attacked.id;
    await db.query(
      `UPDATE tickets SET created_at = '2026-03-30T09:00:00Z', deadline_at = '2026-03-30T11:00:00Z', first_response_at = '2026-03-30T12:30:00Z',
              assignee_id = $2, outlet_id = $3, status = 'open', acknowledged_at = NULL WHERE id = $1`,
      [ids.m1, a.id, national],
    );
    const journalistB = (await db.query(`INSERT INTO journalists (name, email, outlet_id) VALUES ('Lou Local', 'lou@courier.example', $1) RETURNING id`, [local])).rows[0].id;
    ids.m2 = await insertTicket({
      subject: 'Road closure', channel: 'email', status: 'open', request_type: 'comment', tags: ['transport'], outlet_id: local, journalist_id: journalistB,
      assignee_id: b.id, created_at: '2026-03-31T08:00:00Z', deadline_at: '2026-03-31T09:00:00Z',
    });
    ids.h1 = await insertTicket({
      subject: 'School meals', channel: 'email', status: 'resolved', request_type: 'comment', tags: [], outlet_id: local, journalist_id: journalistB,
      assignee_id: a.id, created_at: '2026-04-01T08:00:00Z', deadline_at: '2026-04-01T16:00:00Z', first_response_at: '2026-04-01T09:00:00Z',
      resolved_at: '2026-04-01T10:00:00Z',
    });
    for (const day of ['24', '26']) {
      await insertTicket({
        subject: `Earlier ${day}`, channel: 'email', status: 'resolved', request_type: 'comment', tags: [], outlet_id: national, assignee_id: a.id,
        created_at: `2026-03-${day}T09:00:00Z`, deadline_at: `2026-03-${day}T15:00:00Z`, first_response_at: `2026-03-${day}T10:00:00Z`, resolved_at: `2026-03-${day}T11:00:00Z`,
      });
    }
    ids.d1 = await insertTicket({
      subject: 'Tuesday deadline', channel: 'phone', status: 'open', request_type: 'data', tags: [], outlet_id: national, assignee_id: b.id,
      created_at: '2026-04-07T08:00:00Z', deadline_at: '2026-04-07T11:00:00Z',
    });
    const bridge = (await db.query(`INSERT INTO stories (title) VALUES ('Bridge <b>collapse</b>') RETURNING id`)).rows[0].id;
    await db.query(`INSERT INTO story_tickets (ticket_id, story_id) VALUES ($1, $3), ($2, $3)`, [ids.m1, ids.m2, bridge]);
    await testApp.app.get(OutboxWorker).start();
  });

  afterAll(async () => {
    await db?.end();
    await testApp?.close();
    await capture?.stop();
  });

  const WEEK = 'from=2026-03-30&to=2026-04-05';

  it('lists the missed deadlines with journalist, outlet, officer and how late, as many as the summary counts', async () => {
    const summary = (await manager.get<MetricsSummaryDto>(`/api/metrics/summary?${WEEK}`)).body;
    expect(summary.totals.deadlines).toMatchObject({ met: 1, missed: 2 });
    const misses = await manager.get<Page<DeadlineMissDto>>(`/api/metrics/deadline-misses?${WEEK}`);
    expect(misses.status).toBe(200);
    expect(misses.body.items).toHaveLength(summary.totals.deadlines.missed);
    const [m2, m1] = misses.body.items;
    expect(m2).toMatchObject({
      ticketId: ids.m2,
      subject: 'Road closure',
      deadlineAt: '2026-03-31T09:00:00.000Z',
      answeredAt: null,
      journalist: { name: 'Lou Local', email: 'lou@courier.example' },
      outlet: { id: local, name: 'Local Courier', tier: 'local' },
      officer: { id: b.id, name: 'Ben Officer' },
    });
    // Unanswered: late by the time since the deadline.
    expect(m2.lateSeconds).toBeGreaterThan(3600 * 24 * 7);
    expect(m1).toMatchObject({
      ticketId: ids.m1,
      answeredAt: '2026-03-30T12:30:00.000Z',
      lateSeconds: 5400,
      journalist: { name: ATTACK_NAME, email: 'evil@attacker.example' },
      outlet: { name: 'National Daily', tier: 'national' },
      officer: { id: a.id, name: 'Ana Officer' },
    });
  });

  it('pages the misses newest first and filters them like the summary', async () => {
    const first = await manager.get<Page<DeadlineMissDto>>(`/api/metrics/deadline-misses?${WEEK}&limit=1`);
    expect(first.body.items.map((item) => item.ticketId)).toEqual([ids.m2]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await manager.get<Page<DeadlineMissDto>>(`/api/metrics/deadline-misses?${WEEK}&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item) => item.ticketId)).toEqual([ids.m1]);
    expect(second.body.nextCursor).toBeNull();

    const byOfficer = await manager.get<Page<DeadlineMissDto>>(`/api/metrics/deadline-misses?${WEEK}&officer=${a.id}`);
    expect(byOfficer.body.items.map((item) => item.ticketId)).toEqual([ids.m1]);
    const byTier = await manager.get<Page<DeadlineMissDto>>(`/api/metrics/deadline-misses?${WEEK}&tier=local`);
    expect(byTier.body.items.map((item) => item.ticketId)).toEqual([ids.m2]);
    const byTopic = await manager.get<Page<DeadlineMissDto>>(`/api/metrics/deadline-misses?${WEEK}&topic=transport`);
    expect(byTopic.body.items.map((item) => item.ticketId)).toEqual([ids.m2]);
    const filteredSummary = (await manager.get<MetricsSummaryDto>(`/api/metrics/summary?${WEEK}&tier=local`)).body;
    expect(filteredSummary.totals.deadlines.missed).toBe(byTier.body.items.length);
  });

  it('downloads every miss of the range as CSV', async () => {
    const response = await manager.get<string>(`/api/metrics/deadline-misses?${WEEK}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="newsdesk-deadline-misses.csv"');
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual(MISSES_CSV_HEADER);
    const references = (await manager.get<Page<DeadlineMissDto>>(`/api/metrics/deadline-misses?${WEEK}`)).body.items.map((miss) => miss.reference);
    expect(rows.map((row) => row[0])).toEqual(references);
    expect(rows[1].slice(1, 4)).toEqual(['Budget <script>alert(2)</script>', ATTACK_NAME, 'evil@attacker.example']);
  });

  it('refuses bad ranges and cursors with a readable 400, and agents with 403', async () => {
    const badCursor = await manager.get<{ message: string }>(`/api/metrics/deadline-misses?${WEEK}&cursor=bm90LWpzb24`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.message).toMatch(/cursor is not valid/);
    const badDate = await manager.get<{ message: string }>(`/api/metrics/deadline-misses?from=2026-02-30`);
    expect(badDate.status).toBe(400);
    expect(badDate.body.message).toMatch(/from/);
    for (const path of ['/api/metrics/deadline-misses', '/api/metrics/comparison', '/api/metrics/digest-preview', '/api/metrics/digest-settings']) {
      expect((await agent.get(path)).status).toBe(403);
    }
  });

  it('compares every figure with the period just before, saying whether the change is good news', async () => {
    const response = await manager.get<MetricsComparisonDto>(`/api/metrics/comparison?${WEEK}`);
    expect(response.status).toBe(200);
    const comparison = response.body;
    expect(comparison).toMatchObject({ from: '2026-03-30', to: '2026-04-05', previousFrom: '2026-03-23', previousTo: '2026-03-29' });
    const previous = (await manager.get<MetricsSummaryDto>('/api/metrics/summary?from=2026-03-23&to=2026-03-29')).body;
    const current = (await manager.get<MetricsSummaryDto>(`/api/metrics/summary?${WEEK}`)).body;
    expect(comparison.current).toEqual(current.totals);
    expect(comparison.previous).toEqual(previous.totals);
    const figure = (name: string) => comparison.figures.find((f) => f.figure === name)!;
    expect(figure('deadlineHitRate')).toMatchObject({ current: 1 / 3, previous: 1, direction: 'down', verdict: 'worse' });
    expect(figure('deadlinesMissed')).toMatchObject({ current: 2, previous: 0, change: 2, direction: 'up', verdict: 'worse' });
    expect(figure('received')).toMatchObject({ current: 3, previous: 2, change: 1, direction: 'up', verdict: 'neutral' });
    // Median first response: 1 h this week (3 h 30 and 1 h), 1 h before: no change.
    expect(figure('firstResponseMedian')).toMatchObject({ direction: 'same', verdict: 'same' });
    expect(comparison.figures).toHaveLength(10);
    expect(comparison.groups).toEqual([]);
  });

  it('compares each group with the same group in the period before', async () => {
    const { body } = await manager.get<MetricsComparisonDto>(`/api/metrics/comparison?${WEEK}&groupBy=officer`);
    expect(body.groupBy).toBe('officer');
    const group = (label: string) => body.groups.find((g) => g.label === label)!.figures;
    const of = (figures: MetricsComparisonDto['figures'], name: string) => figures.find((f) => f.figure === name)!;
    // Ana: M1 missed and H1 met this week; both met the week before.
    expect(of(group('Ana Officer'), 'deadlineHitRate')).toMatchObject({ current: 0.5, previous: 1, verdict: 'worse' });
    // Ben had nothing the week before: his miss compares with zero, his hit rate with nothing.
    expect(of(group('Ben Officer'), 'deadlinesMissed')).toMatchObject({ current: 1, previous: 0, verdict: 'worse' });
    expect(of(group('Ben Officer'), 'deadlineHitRate')).toMatchObject({ current: 0, previous: null, verdict: null });
  });

  it('keeps the digest setting per manager and refuses an unknown frequency', async () => {
    expect((await manager.get<DigestSettingsDto>('/api/metrics/digest-settings')).body).toEqual({ subscribed: false, frequency: 'weekly' });
    const bad = await manager.request<{ message: string }>('PUT', '/api/metrics/digest-settings', { frequency: 'hourly' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/frequency must be one of: weekly, daily/);
    const empty = await manager.request<{ message: string }>('PUT', '/api/metrics/digest-settings', {});
    expect(empty.status).toBe(400);
    expect((await manager.request('PUT', '/api/metrics/digest-settings', { subscribed: true })).body).toEqual({ subscribed: true, frequency: 'weekly' });
    expect((await daily.request('PUT', '/api/metrics/digest-settings', { subscribed: true, frequency: 'daily' })).body).toEqual({ subscribed: true, frequency: 'daily' });
    expect((await manager.get<DigestSettingsDto>('/api/metrics/digest-settings')).body).toEqual({ subscribed: true, frequency: 'weekly' });
  });

  it('mails the weekly digest as HTML and text with the CSVs, its figures those of the API, exactly as previewed', async () => {
    const digests = testApp.app.get(DigestService);
    expect(await digests.queueDue()).toBe(2);
    expect(await digests.queueDue()).toBe(0);
    const digestsOut = () => capture.received.filter((mail) => mail.envelopeTo.includes(managerUser.email) || mail.envelopeTo.includes(dailyUser.email));
    await waitFor(async () => digestsOut().length >= 2, 'two digests at the capture server');
    const weekly = digestsOut().find((mail) => mail.envelopeTo.includes(managerUser.email))!;
    expect(weekly.parsed.subject).toBe('Press office week of 2026-03-30: 2 deadlines missed, 33% met, 3 inquiries');
    // Text and HTML as alternatives of one another, the CSVs beside them.
    const raw = weekly.raw.toString('latin1');
    expect(raw).toMatch(/Content-Type: multipart\/mixed/i);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(weekly.parsed.text).toContain('2 deadlines missed; 33% met (1 of 3).');
    expect(weekly.parsed.html).toEqual(expect.any(String));

    const comparison = (await manager.get<MetricsComparisonDto>(`/api/metrics/comparison?${WEEK}`)).body;
    const figuresCsv = weekly.parsed.attachments.find((file) => file.filename === 'newsdesk-figures-2026-03-30-2026-04-05.csv')!;
    expect(figuresCsv.contentType).toBe('text/csv');
    const [header, ...rows] = parseCsv(figuresCsv.content.toString('utf8'));
    expect(header).toEqual(FIGURES_CSV_HEADER);
    expect(rows.map((row) => [row[4], row[6] === '' ? null : Number(row[6]), row[7] === '' ? null : Number(row[7]), row[9], row[10]])).toEqual(
      comparison.figures.map((f) => [f.figure, f.current === null ? null : Number(f.current.toFixed(4)), f.previous === null ? null : Number(f.previous.toFixed(4)), f.direction ?? '', f.verdict ?? '']),
    );
    const missesCsv = weekly.parsed.attachments.find((file) => file.filename === 'newsdesk-deadline-misses-2026-03-30-2026-04-05.csv')!;
    const [missHeader, ...missRows] = parseCsv(missesCsv.content.toString('utf8'));
    expect(missHeader).toEqual(MISSES_CSV_HEADER);
    const apiMisses = (await manager.get<Page<DeadlineMissDto>>(`/api/metrics/deadline-misses?${WEEK}`)).body.items;
    expect(missRows.map((row) => row[0])).toEqual(apiMisses.map((miss) => miss.reference));
    expect(missRows[1].slice(2, 4)).toEqual([ATTACK_NAME, 'evil@attacker.example']);

    const html = weekly.parsed.html as string;
    // The figures the API gives, as the mail shows them.
    expect(html).toContain('2 deadlines missed · 33% met (1 of 3)');
    expect(html).toMatch(/Deadlines met<\/th><td[^>]*>33%<\/td><td[^>]*>100%<\/td><td[^>]*color:#b42318[^>]*>▼ −67 pts \(worse\)/);
    expect(html).toMatch(/Inquiries received<\/th><td[^>]*>3<\/td><td[^>]*>2<\/td><td[^>]*>▲ \+1<\/td>/);
    // The chart is a table of bars (no image to fetch), the misses and the busiest story are listed.
    expect(html).toContain('bgcolor="#2f6fde"');
    expect(html).not.toMatch(/<img|<script|src=["']?https?:/i);
    expect(html).toContain('answered 1 h 30 min late');
    expect(html).toContain('no reply yet');
    expect(html).toMatch(/Bridge &lt;b&gt;collapse&lt;\/b&gt;<\/td><td style="[^"]*">2</);
  });

  it('escapes the journalist name and subject an attacker chose, in the sent HTML and in the preview', async () => {
    const weekly = capture.received.find((mail) => mail.envelopeTo.includes(managerUser.email))!;
    const preview = await manager.get<DigestPreviewDto>('/api/metrics/digest-preview');
    expect(preview.status).toBe(200);
    for (const html of [weekly.parsed.html as string, preview.body.html]) {
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('Budget &lt;script&gt;alert(2)&lt;/script&gt;');
      expect(html).not.toContain(ATTACK_NAME);
      expect(html).not.toContain('<script>');
    }
  });

  it('previews exactly the mail that was sent, for either frequency', async () => {
    const weekly = capture.received.find((mail) => mail.envelopeTo.includes(managerUser.email))!;
    const preview = (await manager.get<DigestPreviewDto>('/api/metrics/digest-preview')).body;
    expect(preview).toMatchObject({ frequency: 'weekly', from: '2026-03-30', to: '2026-04-05', subject: weekly.parsed.subject });
    expect(preview.html).toBe(weekly.parsed.html);
    expect(preview.text.trim()).toBe((weekly.parsed.text ?? '').trim());
    expect(preview.attachments.map((file) => file.content)).toEqual(weekly.parsed.attachments.map((file) => file.content.toString('utf8')));

    const dailyMail: CapturedMail = capture.received.find((mail) => mail.envelopeTo.includes(dailyUser.email))!;
    expect(dailyMail.parsed.subject).toBe('Press office day 2026-04-07: 1 deadline missed, 0% met, 1 inquiry');
    expect(dailyMail.parsed.html).toContain('Tuesday deadline');
    const dailyPreview = (await daily.get<DigestPreviewDto>('/api/metrics/digest-preview')).body;
    expect(dailyPreview.html).toBe(dailyMail.parsed.html);
    // A manager may look at the other frequency before switching.
    const other = await manager.get<DigestPreviewDto>('/api/metrics/digest-preview?frequency=daily');
    expect(other.body).toMatchObject({ frequency: 'daily', from: '2026-04-07', to: '2026-04-07' });
    expect((await manager.get('/api/metrics/digest-preview?frequency=hourly')).status).toBe(400);
  });

  it('takes an erased journalist out of the digests already sent, keeping the others', async () => {
    const { client: admin } = await signedInClient(testApp, 'admin');
    const [{ journalist_id: journalistId }] = (await db.query(`SELECT journalist_id FROM tickets WHERE id = $1`, [ids.m1])).rows as { journalist_id: string }[];
    const erased = await admin.post(`/api/journalists/${journalistId}/erase`, { confirm: 'evil@attacker.example' });
    expect(erased.status).toBe(200);
    const rows = (await db.query(`SELECT to_addresses->0->>'address' AS "to", text, html, generated_attachments::text AS files FROM outbound_messages WHERE rfc_message_id LIKE 'nd.digest%'`))
      .rows as { to: string; text: string; html: string | null; files: string }[];
    const weekly = rows.find((row) => row.to === managerUser.email)!;
    expect(weekly).toMatchObject({ text: '[removed: personal data erased]', html: null, files: '[]' });
    // The daily digest listed only Tuesday's miss: it keeps its content.
    const dailyRow = rows.find((row) => row.to === dailyUser.email)!;
    expect(dailyRow.html).toContain('Tuesday deadline');
    for (const row of rows) expect(`${row.text}${row.html}${Buffer.from(row.files).toString()}`).not.toContain('evil@attacker.example');
  });
});
