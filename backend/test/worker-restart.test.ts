import type { TicketDetailDto } from '@newsdesk/shared';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { Clock } from '../src/common/clock.js';
import { createLogger } from '../src/common/logger.js';
import { loadConfig } from '../src/config/app-config.js';
import { AppSecrets } from '../src/config/app-secrets.js';
import { SmtpDoor } from '../src/intake/doors/smtp-door.js';
import { IntakeWorker } from '../src/intake/intake.worker.js';
import { MetricsWorker } from '../src/metrics/metrics.worker.js';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { RetentionWorker } from '../src/privacy/retention.worker.js';
import { CaptureSmtp } from './capture-smtp.js';
import { signedInClient } from './factories.js';
import type { HttpClient } from './http-client.js';
import { INTAKE, waitFor } from './mail.js';
import { PrivatePostgres } from './private-postgres.js';
import type { TestApp } from './test-app.js';

// Far longer than any wait below: only the loops' re-LISTEN and catch-up (or NOTIFY) can pass, never the poll.
const POLL_MS = 10 * 60_000;
const DAY_MS = 24 * 3600_000;

/** Every background worker runs on WorkerLoop; here PostgreSQL restarts under all of them at once. */
describe('background workers across a PostgreSQL restart', () => {
  const postgres = new PrivatePostgres();
  const capture = new CaptureSmtp();
  let dataDir: string;
  let app: NestFastifyApplication;
  let testApp: TestApp;
  let smtp: Transporter;
  let agent: HttpClient;
  let offset = 0;

  /** A fresh connection per question: the test's own connections die with the server too. */
  const query = async <Row extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<Row[]> => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      return (await client.query<Row>(text, params)).rows;
    } finally {
      await client.end();
    }
  };

  const mail = (tag: string) => ({
    from: `"Jo Reporter" <jo.${tag}@daily.example>`,
    to: INTAKE,
    subject: `Question ${tag}`,
    text: `A question (${tag}) about the harbour budget.`,
    messageId: `<${tag}@daily.example>`,
  });

  const ticketOf = (tag: string) =>
    waitFor(
      async () => (await query<{ ticket_id: string }>(`SELECT ticket_id FROM raw_messages WHERE message_id = $1 AND outcome = 'created'`, [`${tag}@daily.example`]))[0],
      `${tag} to become a ticket`,
      30_000,
    );

  const listenerPid = async (name: string) =>
    (await query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [name]))[0]?.pid;

  beforeAll(async () => {
    await postgres.start();
    await capture.start();
    dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-restart-data-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: postgres.url,
      APP_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'fatal',
      MAIL_DOMAIN: 'newsdesk.test',
      OFFICE_TIMEZONE: 'UTC',
      SMTP_URL: capture.url,
      REPLY_UNDO_SECONDS: '0',
      DB_CONNECT_TIMEOUT_MS: '2000',
      DB_LISTENER_KEEPALIVE_MS: '1000',
      WORKER_POLL_MS: String(POLL_MS),
      METRICS_REFRESH_SECONDS: '1',
      RETENTION_MONTHS: '1',
    });
    app = await createApp({ config, secrets: AppSecrets.load(config), logger: createLogger(config.LOG_LEVEL), databaseUrl: postgres.url });
    // The app's clock: real time plus an offset the test moves (the retention loop is daily on it).
    app.get(Clock).now = () => new Date(Date.now() + offset);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    testApp = {
      app,
      config,
      baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      databaseUrl: postgres.url,
      close: async () => undefined,
    };
    await app.get(IntakeWorker).start();
    await app.get(OutboxWorker).start();
    app.get(MetricsWorker).start();
    app.get(RetentionWorker).start();
    const smtpPort = await app.get(SmtpDoor).listen(0, '127.0.0.1');
    smtp = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: false });
    ({ client: agent } = await signedInClient(testApp, 'agent'));
  }, 90_000);

  afterAll(async () => {
    smtp?.close();
    await app?.close();
    await capture.stop();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('takes up intake, outbox, metrics and retention work again after PostgreSQL restarts, each loop on its own', async () => {
    // Working before the restart: mail becomes a ticket and its acknowledgement goes out.
    await smtp.sendMail(mail('before-restart'));
    await ticketOf('before-restart');
    await waitFor(async () => capture.received.find((sent) => sent.envelopeTo.includes('jo.before-restart@daily.example')), 'the first acknowledgement');
    const intakeBefore = await listenerPid('newsdesk-listener-intake');
    const outboxBefore = await listenerPid('newsdesk-listener-outbox');
    expect(intakeBefore).toBeDefined();
    expect(outboxBefore).toBeDefined();

    await postgres.restart();
    const restartedAt = new Date();

    // Both LISTEN connections are new ones on the restarted server.
    const intakeAfter = await waitFor(() => listenerPid('newsdesk-listener-intake'), 'the intake listener to LISTEN again', 30_000);
    const outboxAfter = await waitFor(() => listenerPid('newsdesk-listener-outbox'), 'the outbox listener to LISTEN again', 30_000);
    expect(intakeAfter).not.toBe(intakeBefore);
    expect(outboxAfter).not.toBe(outboxBefore);

    // Intake: mail accepted after the restart becomes a ticket (a sending server retries a 451 while the pool reconnects).
    await waitFor(async () => (await smtp.sendMail(mail('after-restart')).then(() => true, () => false)), 'the SMTP door to accept again', 30_000);
    const { ticket_id: ticketId } = await ticketOf('after-restart');

    // Outbox: that mail's acknowledgement and a reply queued after the restart are sent.
    await waitFor(async () => capture.received.find((sent) => sent.envelopeTo.includes('jo.after-restart@daily.example') && /Question after-restart/.test(sent.parsed.subject ?? '')), 'the acknowledgement after the restart');
    const reply = await waitFor(async () => {
      const response = await agent.post<TicketDetailDto>(`/api/tickets/${ticketId}/replies`, { body: 'The budget is published on Friday.' });
      return response.status === 201 && response;
    }, 'the reply to be stored');
    expect(reply.status).toBe(201);
    const sentReply = await waitFor(async () => capture.received.find((sent) => sent.parsed.text?.includes('The budget is published on Friday.')), 'the reply to be sent', 30_000);
    expect(sentReply.envelopeTo).toEqual(['jo.after-restart@daily.example']);

    // Metrics: the rollups fold the new ticket in again (the loop's rounds failed while the server was down).
    const facts = await waitFor(async () => {
      const [row] = await query<{ facts: number; computed: Date }>(
        `SELECT (SELECT count(*)::int FROM metric_facts WHERE ticket_id = $1) AS facts, (SELECT live_computed_at FROM metric_rollup_state) AS computed`,
        [ticketId],
      );
      return row.facts > 0 && row.computed > restartedAt && row;
    }, 'the rollups to include the new ticket', 30_000);
    expect(facts.facts).toBeGreaterThan(0);

    // Retention: a journalist past the retention period is anonymised on the next daily round, a day later on the app's clock.
    const [{ id: journalistId }] = await query<{ id: string }>(
      `INSERT INTO journalists (name, email, created_at) VALUES ('Old Contact', 'old.contact@gazette.example', now() - interval '2 years') RETURNING id`,
    );
    offset += DAY_MS + 1_000;
    const anonymised = await waitFor(
      async () => (await query<{ anonymised_at: Date | null }>(`SELECT anonymised_at FROM journalists WHERE id = $1`, [journalistId]))[0]?.anonymised_at,
      'the retention round to anonymise the old contact',
      30_000,
    );
    expect(anonymised).toBeInstanceOf(Date);
  }, 180_000);
});
