import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import nodemailer from 'nodemailer';
import pg from 'pg';
import type { TicketDetailDto } from '@newsdesk/shared';
import { CaptureSmtp } from './capture-smtp.js';
import { EventStreamClient } from './event-stream-client.js';
import type { TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { waitFor } from './mail.js';
import { requireBuild, runCli, ServerProcess } from './server-process.js';
import { createTestDatabase } from './test-app.js';
import { randomTestPort } from './ports.js';

const INTAKE = 'news@newsdesk.test';
const PASSWORD = 'correct horse battery staple';

/** Processes start, send and tick on their own time: a longer deadline than the in-process tests'. */
const until = <T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 60_000) => waitFor(probe, what, timeoutMs);

/**
 * The scale-out story, for real: two built server processes (`node dist/main.js`) on one PostgreSQL,
 * each with its own HTTP port and SMTP door, sending through one capturing SMTP server. Whatever
 * reaches either replica is done once: ingested, sent, fanned out, and scheduled.
 */
describe('two replicas on one PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: pg.Client;
  let capture: CaptureSmtp;
  const dataDirs: string[] = [];
  const replicas: { server: ServerProcess; smtpPort: number }[] = [];
  const streams: EventStreamClient[] = [];
  let admins: HttpClient[];
  let agent: TestUser;

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(sql, params)).rows[0].n);
  const capturedFor = (address: string) => capture.received.filter((mail) => mail.envelopeTo.includes(address));
  const outboxIdle = () => until(async () => (await count(`SELECT count(*) AS n FROM outbound_messages WHERE status IN ('queued', 'sending')`)) === 0, 'an idle outbox');

  beforeAll(async () => {
    requireBuild();
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    capture = await new CaptureSmtp().start();
    const secret = randomBytes(32).toString('hex');
    const base = randomTestPort(8);
    const shared = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      APP_SECRET: secret,
      LOG_LEVEL: 'warn',
      MAIL_DOMAIN: 'newsdesk.test',
      OFFICE_TIMEZONE: 'UTC',
      HOST: '127.0.0.1',
      SMTP_HOST: '127.0.0.1',
      SMTP_URL: capture.url,
      REPLY_UNDO_SECONDS: '0',
      // Both replicas tick the metrics worker (rollups, digests) every second: they race on every tick.
      METRICS_REFRESH_SECONDS: '1',
      WORKER_POLL_MS: '1000',
      // Each replica runs a retention pass as it starts (then daily): both start together, on the same journalists.
      RETENTION_MONTHS: '24',
    };
    const cliEnv = { ...shared, DATA_DIR: mkdtempSync(join(tmpdir(), 'newsdesk-replica-cli-')) };
    dataDirs.push(cliEnv.DATA_DIR);
    // Journalists last heard from three years ago: due for anonymisation when the replicas start.
    await db.query(
      `INSERT INTO journalists (name, email, created_at) SELECT 'Old Contact ' || n, 'old-' || n || '@archive.example', now() - interval '3 years' FROM generate_series(1, 5) AS n`,
    );
    runCli(cliEnv, 'user:create', '--email', 'ada@press.test', '--password', PASSWORD, '--role', 'admin', '--name', 'Ada Admin');

    const started = await Promise.allSettled(
      [0, 1].map(async (index) => {
        const dataDir = mkdtempSync(join(tmpdir(), `newsdesk-replica-${index}-`));
        chmodSync(dataDir, 0o755);
        dataDirs.push(dataDir);
        const smtpPort = base + 2 * index + 1;
        const server = await ServerProcess.start({ ...shared, DATA_DIR: dataDir, PORT: String(base + 2 * index), SMTP_PORT: String(smtpPort) });
        return { server, smtpPort };
      }),
    );
    // A replica that started is stopped by afterAll even when the other failed to.
    for (const result of started) if (result.status === 'fulfilled') replicas.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;

    admins = await Promise.all(
      replicas.map(async ({ server }) => {
        const client = new HttpClient(server.baseUrl);
        const login = await client.login('ada@press.test', PASSWORD);
        if (login.status !== 200) throw new Error(`admin login failed on ${server.baseUrl}: ${login.status}`);
        return client;
      }),
    );
    const created = await admins[1].post<{ id: string; email: string }>('/api/users', { email: 'sam@press.test', name: 'Sam Agent', password: PASSWORD, role: 'agent' });
    expect(created.status).toBe(201);
    agent = { id: created.body.id, email: created.body.email, role: 'agent', password: PASSWORD };
  }, 240_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    // Both replicas stop cleanly (exit 0) with the other still running on the same database.
    const codes = await Promise.all(replicas.map(({ server }) => server.stop()));
    for (const { server } of replicas) server.kill();
    await db?.end();
    await capture?.stop();
    await database?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    expect(codes).toEqual(replicas.map(() => 0));
  }, 90_000);

  it('ingests mail accepted by either SMTP door exactly once: 50 different messages to each and 25 identical ones twice to both at the same time', async () => {
    const mail = (id: string) =>
      new MailComposer({
        from: `Reporter ${id} <reporter-${id}@wire${id.length % 3}.example>`,
        to: INTAKE,
        subject: `Replica inquiry ${id}`,
        text: `Could you comment on item ${id}?`,
        messageId: `<replica-${id}@wire.example>`,
      })
        .compile()
        .build();
    const transports = replicas.map(({ smtpPort }) =>
      nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 10, maxMessages: Infinity }),
    );
    const send = (door: number, id: string, raw: Buffer) =>
      transports[door].sendMail({ envelope: { from: `reporter-${id}@wire${id.length % 3}.example`, to: [INTAKE] }, raw });

    const ids = { a: [] as string[], b: [] as string[], both: [] as string[] };
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      ids.a.push(`a${i}`);
      ids.b.push(`b${i}`);
      sends.push(mail(`a${i}`).then((raw) => send(0, `a${i}`, raw)), mail(`b${i}`).then((raw) => send(1, `b${i}`, raw)));
    }
    for (let i = 0; i < 25; i++) {
      ids.both.push(`s${i}`);
      // The same bytes twice through each door at once, as a sender's retries after a lost 250 may arrive.
      sends.push(mail(`s${i}`).then((raw) => Promise.all([send(0, `s${i}`, raw), send(1, `s${i}`, raw), send(0, `s${i}`, raw), send(1, `s${i}`, raw)])));
    }
    const results = await Promise.allSettled(sends);
    for (const transport of transports) transport.close();
    // Every message was accepted (250): the doors stay open while both replicas take mail.
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);

    const all = [...ids.a, ...ids.b, ...ids.both];
    await until(async () => (await count(`SELECT count(*) AS n FROM raw_messages WHERE outcome <> 'pending'`)) === 200, 'all 200 accepted messages processed', 180_000);

    const outcomes = (await db.query<{ outcome: string; n: string }>(`SELECT outcome, count(*) AS n FROM raw_messages GROUP BY outcome ORDER BY outcome`)).rows;
    expect(outcomes.map((row) => [row.outcome, Number(row.n)])).toEqual([
      ['created', 125],
      ['duplicate', 75],
    ]);
    const tickets = (await db.query<{ subject: string; n: string }>(`SELECT subject, count(*) AS n FROM tickets GROUP BY subject`)).rows;
    expect(tickets.map((row) => row.subject).sort()).toEqual(all.map((id) => `Replica inquiry ${id}`).sort());
    expect(tickets.filter((row) => Number(row.n) !== 1)).toEqual([]);
    const messages = (await db.query<{ subject: string; n: string }>(`SELECT subject, count(*) AS n FROM messages WHERE kind = 'inbound' GROUP BY subject`)).rows;
    expect(messages).toHaveLength(125);
    expect(messages.filter((row) => Number(row.n) !== 1)).toEqual([]);
    // Each identical message was taken four times (four raw rows, two per door) and became one message.
    expect(await count(`SELECT count(*) AS n FROM (SELECT sha256 FROM raw_messages GROUP BY sha256 HAVING count(*) = 4) AS copies`)).toBe(25);

    // Each new inquiry is acknowledged once, whichever replica's outbox worker took it.
    await until(async () => all.every((id) => capturedFor(`reporter-${id}@wire${id.length % 3}.example`).length > 0), 'an acknowledgement to every sender', 180_000);
    await outboxIdle();
    expect(all.filter((id) => capturedFor(`reporter-${id}@wire${id.length % 3}.example`).length !== 1)).toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM outbound_messages WHERE attempts <> 1`)).toBe(0);
  }, 300_000);

  it('sends each reply once, whichever replica took it, with both outbox workers draining one outbox', async () => {
    const tickets = (await db.query<{ id: string }>(`SELECT id FROM tickets ORDER BY number LIMIT 20`)).rows;
    const sentBefore = capture.received.length;
    const markers = tickets.map((_, index) => `reply-marker-${index}-${randomBytes(4).toString('hex')}`);
    const responses = await Promise.all(tickets.map((ticket, index) => admins[index % 2].post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: `Our answer. ${markers[index]}` })));
    expect(responses.map((response) => response.status)).toEqual(tickets.map(() => 201));

    const withMarker = (marker: string) => capture.received.filter((mail) => mail.raw.includes(marker));
    await until(async () => markers.every((marker) => withMarker(marker).length > 0), 'every reply at the capture server');
    await outboxIdle();
    expect(markers.map((marker) => withMarker(marker).length)).toEqual(markers.map(() => 1));
    expect(capture.received.length - sentBefore).toBe(markers.length);
    expect(await count(`SELECT count(*) AS n FROM outbound_messages WHERE kind = 'reply' AND (status <> 'sent' OR attempts <> 1)`)).toBe(0);
  }, 120_000);

  it('sends a scheduled reply once, at its time, with both replicas polling for it', async () => {
    const [ticket] = (await db.query<{ id: string }>(`SELECT id FROM tickets ORDER BY number DESC LIMIT 1`)).rows;
    const marker = `scheduled-marker-${randomBytes(4).toString('hex')}`;
    const sendAt = new Date(Date.now() + 3_000).toISOString();
    const response = await admins[1].post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: `Embargoed until now. ${marker}`, sendAt });
    expect(response.status).toBe(201);
    expect(response.body.messages.at(-1)?.delivery).toMatchObject({ status: 'queued', scheduledFor: sendAt });

    await until(async () => capture.received.some((mail) => mail.raw.includes(marker)), 'the scheduled reply', 60_000);
    await outboxIdle();
    expect(capture.received.filter((mail) => mail.raw.includes(marker))).toHaveLength(1);
    const [row] = (await db.query<{ attempts: number; status: string; early: boolean }>(
      `SELECT attempts, status, sent_at < scheduled_for AS early FROM outbound_messages WHERE scheduled_for IS NOT NULL`,
    )).rows;
    expect(row).toEqual({ attempts: 1, status: 'sent', early: false });
  }, 90_000);

  it('delivers live updates made through one replica to event streams on both', async () => {
    const onA = await EventStreamClient.open(replicas[0].server.baseUrl, agent);
    const onB = await EventStreamClient.open(replicas[1].server.baseUrl, agent);
    streams.push(onA, onB);
    const agentOnB = new HttpClient(replicas[1].server.baseUrl);
    expect((await agentOnB.login(agent.email, agent.password)).status).toBe(200);

    const created = await agentOnB.post<TicketDetailDto>('/api/tickets', { subject: 'Live across replicas', text: 'Caller asked about the bridge.', journalist: { email: 'lou@bridge.example' } });
    expect(created.status).toBe(201);
    const ticketId = created.body.id;
    // A change through replica A reaches the stream on B too, and the reverse.
    expect((await admins[0].patch(`/api/tickets/${ticketId}`, { priority: 'high' })).status).toBe(200);

    for (const stream of [onA, onB]) {
      const types: string[] = [];
      for (let i = 0; i < 2; i++) types.push((await stream.nextEvent('ticket', (data) => data.ticketId === ticketId, 15_000)).data.type);
      expect(types).toEqual(['ticket.created', 'ticket.updated']);
    }
  }, 60_000);

  it('queues the digest once per manager and period, with both replicas running the metrics job every second', async () => {
    const managers = await Promise.all(
      ['mia', 'max'].map(async (name, index) => {
        const email = `${name}@press.test`;
        const created = await admins[index].post('/api/users', { email, name, password: PASSWORD, role: 'manager' });
        expect(created.status).toBe(201);
        const client = new HttpClient(replicas[index].server.baseUrl);
        expect((await client.login(email, PASSWORD)).status).toBe(200);
        return { email, client };
      }),
    );
    const digestsTo = (email: string) => capturedFor(email).filter((mail) => /digest/.test(mail.parsed.messageId ?? ''));

    expect((await managers[0].client.put('/api/metrics/digest-settings', { subscribed: true, frequency: 'daily' })).status).toBe(200);
    await until(async () => digestsTo(managers[0].email).length > 0, "Mia's daily digest");
    // Both replicas keep ticking; a later subscription is queued by a later tick, proving ticks ran after the first digest.
    expect((await managers[1].client.put('/api/metrics/digest-settings', { subscribed: true, frequency: 'weekly' })).status).toBe(200);
    await until(async () => digestsTo(managers[1].email).length > 0, "Max's weekly digest");
    await outboxIdle();

    expect(digestsTo(managers[0].email)).toHaveLength(1);
    expect(digestsTo(managers[1].email)).toHaveLength(1);
    expect(await count(`SELECT count(*) AS n FROM outbound_messages WHERE rfc_message_id LIKE '%digest%'`)).toBe(2);
  }, 120_000);

  it('anonymises each journalist past the retention period once, though both replicas ran the pass as they started', async () => {
    const old = `SELECT id FROM journalists WHERE created_at < now() - interval '2 years'`;
    await until(async () => (await count(`SELECT count(*) AS n FROM (${old}) AS due JOIN journalists j USING (id) WHERE j.anonymised_at IS NOT NULL`)) === 5, 'five anonymised journalists');
    const events = (await db.query<{ n: string }>(`SELECT count(e.id) AS n FROM (${old}) AS due LEFT JOIN events e ON e.entity_id = due.id AND e.type = 'privacy.anonymised' GROUP BY due.id`)).rows;
    expect(events.map((row) => Number(row.n))).toEqual([1, 1, 1, 1, 1]);
    // Journalists with recent inquiries (every one from the intake test) are kept.
    expect(await count(`SELECT count(*) AS n FROM journalists WHERE anonymised_at IS NOT NULL`)).toBe(5);
  }, 60_000);
});
