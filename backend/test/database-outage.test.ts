import type { HealthDto } from '@newsdesk/shared';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { createLogger } from '../src/common/logger.js';
import { loadConfig } from '../src/config/app-config.js';
import { AppSecrets } from '../src/config/app-secrets.js';
import { runMigrations } from '../src/database/data-source.js';
import { DatabaseTimeoutError, longTransaction } from '../src/database/database-deadlines.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/database/embedded-postgres.js';
import { SmtpDoor } from '../src/intake/doors/smtp-door.js';
import { IntakeWorker } from '../src/intake/intake.worker.js';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { INTAKE, waitFor } from './mail.js';
import { randomTestPort } from './ports.js';

// The workers' safety-net poll is far longer than any wait below: only a live LISTEN (or the catch-up after re-LISTEN) can pass.
const POLL_MS = 10 * 60_000;

const postmasterPid = (clusterDir: string) => Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

/** The postmaster and every process it forked (backends, checkpointer, walwriter …), read from /proc. */
function postgresProcesses(clusterDir: string): number[] {
  const postmaster = postmasterPid(clusterDir);
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // Fields after the command name (which may hold spaces): state, ppid, …
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

const signal = (pids: number[], name: NodeJS.Signals) => {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // Gone meanwhile (a backend that ended).
    }
  }
};

/**
 * Runs on a PostgreSQL cluster of its own: freezing the shared test cluster would stall every other
 * test file.
 */
describe('a database that hangs or drops its connections', () => {
  const dirs: string[] = [];
  let cluster: EmbeddedPostgresHandle;
  let clusterDir: string;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let smtp: Transporter;
  let db: pg.Client;
  let frozen: number[] = [];

  const freeze = () => {
    // Postmaster first, so it forks nothing new while its children stop; then its children, read after
    // it stopped (a backend forked between an earlier read and the stop would stay awake and commit).
    signal([postmasterPid(clusterDir)], 'SIGSTOP');
    frozen = postgresProcesses(clusterDir);
    signal(frozen, 'SIGSTOP');
  };
  const thaw = () => {
    signal(frozen, 'SIGCONT');
    frozen = [];
  };

  beforeAll(async () => {
    const pgDir = mkdtempSync(join(tmpdir(), 'newsdesk-outage-pg-'));
    // The server runs as the unprivileged postgres user when tests run as root: it must reach its folder.
    chmodSync(pgDir, 0o755);
    const dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-outage-data-'));
    dirs.push(pgDir, dataDir);
    clusterDir = join(pgDir, 'postgres');
    cluster = await startEmbeddedPostgres({ dataDir: pgDir, port: randomTestPort(), database: 'newsdesk' });
    await runMigrations(cluster.url);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: cluster.url,
      APP_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'fatal',
      MAIL_DOMAIN: 'newsdesk.test',
      DB_CONNECT_TIMEOUT_MS: '2000',
      DB_STATEMENT_TIMEOUT_MS: '5000',
      DB_LISTENER_KEEPALIVE_MS: '1000',
      INTAKE_COMMIT_TIMEOUT_MS: '5000',
      HEALTH_TIMEOUT_MS: '1500',
      WORKER_POLL_MS: String(POLL_MS),
    });
    app = await createApp({ config, secrets: AppSecrets.load(config), logger: createLogger(config.LOG_LEVEL), databaseUrl: cluster.url });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await app.get(IntakeWorker).start();
    await app.get(OutboxWorker).start();
    const smtpPort = await app.get(SmtpDoor).listen(0, '127.0.0.1');
    smtp = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: false });
    db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
  }, 60_000);

  // A test that failed or timed out while the server was stopped must not take the next one down with it.
  afterEach(() => {
    if (frozen.length) thaw();
  });

  afterAll(async () => {
    // Whatever failed above, never leave a stopped PostgreSQL behind.
    if (frozen.length) thaw();
    smtp?.close();
    await db?.end().catch(() => undefined);
    await app?.close();
    await cluster?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const mail = (tag: string) => ({
    from: '"Jo Reporter" <jo@daily.example>',
    to: INTAKE,
    subject: `Question ${tag}`,
    text: `A question (${tag}) about the harbour budget.`,
    messageId: `<${tag}@daily.example>`,
  });

  const processed = (tag: string, timeoutMs: number) =>
    waitFor(
      async () => {
        const { rows } = await db.query(`SELECT outcome, ticket_id FROM raw_messages WHERE message_id = $1 AND outcome <> 'pending'`, [`${tag}@daily.example`]);
        return rows[0] as { outcome: string; ticket_id: string | null } | undefined;
      },
      `${tag} to become a ticket`,
      timeoutMs,
    );

  const listenerBackend = async (name: string) => {
    const { rows } = await db.query(`SELECT pid, backend_start FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [name]);
    return rows[0] as { pid: number; backend_start: Date } | undefined;
  };

  it('answers SMTP with 451 and health with 503 while PostgreSQL is frozen, and resumes without a restart', async () => {
    // Working before: the listeners are in place and a mail becomes a ticket.
    await smtp.sendMail(mail('before-freeze'));
    expect((await processed('before-freeze', 10_000)).outcome).toBe('created');

    const frozenAt = new Date();
    freeze();
    try {
      let started = Date.now();
      const health = await fetch(`${baseUrl}/api/health`);
      const healthMs = Date.now() - started;
      expect(health.status).toBe(503);
      expect(((await health.json()) as HealthDto).database).toEqual({ status: 'down', latencyMs: null });
      expect(healthMs).toBeLessThan(3_000);

      started = Date.now();
      await expect(smtp.sendMail(mail('during-freeze'))).rejects.toMatchObject({ responseCode: 451 });
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      thaw();
    }

    // The sending server retries the refused mail, and a new one arrives: both become tickets, once each.
    expect((await smtp.sendMail(mail('during-freeze'))).response).toMatch(/^250 /);
    expect((await smtp.sendMail(mail('after-thaw'))).response).toMatch(/^250 /);
    expect((await processed('after-thaw', 20_000)).outcome).toBe('created');
    const tickets = await waitFor(async () => {
      const { rows } = await db.query(
        `SELECT count(DISTINCT ticket_id)::int AS tickets, count(*) FILTER (WHERE outcome = 'pending')::int AS pending
           FROM raw_messages WHERE message_id = 'during-freeze@daily.example'`,
      );
      return rows[0].pending === 0 && rows[0].tickets > 0 ? (rows[0].tickets as number) : undefined;
    }, 'the retried mail to be processed', 20_000);
    expect(tickets).toBe(1);

    // The keepalive noticed the frozen server: the intake listener is a connection made after it.
    const listener = await waitFor(() => listenerBackend('newsdesk-listener-intake'), 'the intake listener');
    expect(listener.backend_start.getTime()).toBeGreaterThan(frozenAt.getTime());
    const health = await fetch(`${baseUrl}/api/health`);
    expect(health.status).toBe(200);
  }, 90_000);

  it('gives up on a transaction the frozen server leaves unanswered, and never hands that connection to anyone else', async () => {
    const dataSource = app.get(DataSource);
    const started = Date.now();
    const transaction = dataSource.transaction(async (tx) => {
      await tx.query(`INSERT INTO teams (name) VALUES ('Abandoned desk')`);
      freeze();
      await tx.query('SELECT 1');
    });
    try {
      // TypeORM wraps the driver's error.
      await expect(transaction).rejects.toMatchObject({ driverError: expect.any(DatabaseTimeoutError) });
      // DB_STATEMENT_TIMEOUT_MS (5 s) plus the client's grace: bounded, not forever.
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      thaw();
    }
    // The closed connection took its open transaction with it: nothing committed half, and the pool serves fresh connections.
    const [{ n }] = (await dataSource.query(`SELECT count(*)::int AS n FROM teams WHERE name = 'Abandoned desk'`)) as { n: number }[];
    expect(n).toBe(0);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
    expect(rows[0].n).toBe(0);
  }, 60_000);

  it('cuts a runaway statement short at statement_timeout, while long work (rollups, CLI) may run past it', async () => {
    const dataSource = app.get(DataSource);
    const [settings] = (await dataSource.query(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle`,
    )) as { statement: string; idle: string }[];
    expect(settings).toEqual({ statement: '5s', idle: '1min' });
    await expect(dataSource.query('SELECT pg_sleep(6)')).rejects.toMatchObject({ driverError: { code: '57014' } });
    // Longer than both the statement timeout (5 s) and the client's own deadline (5 s + grace).
    const slept = await longTransaction(dataSource, 60_000, async (tx) => (await tx.query(`SELECT pg_sleep(11), 'done' AS result`)) as { result: string }[]);
    expect(slept[0].result).toBe('done');
  }, 60_000);

  it('LISTENs again after its connection is killed, and mail is processed and sent on NOTIFY, not on the poll', async () => {
    const intakeBefore = await waitFor(() => listenerBackend('newsdesk-listener-intake'), 'the intake listener');
    const outboxBefore = await waitFor(() => listenerBackend('newsdesk-listener-outbox'), 'the outbox listener');
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name IN ('newsdesk-listener-intake', 'newsdesk-listener-outbox')`);
    const intakeAfter = await waitFor(async () => {
      const backend = await listenerBackend('newsdesk-listener-intake');
      return backend && backend.pid !== intakeBefore.pid ? backend : undefined;
    }, 'the intake listener to reconnect');
    const outboxAfter = await waitFor(async () => {
      const backend = await listenerBackend('newsdesk-listener-outbox');
      return backend && backend.pid !== outboxBefore.pid ? backend : undefined;
    }, 'the outbox listener to reconnect');
    expect(intakeAfter.pid).not.toBe(intakeBefore.pid);
    expect(outboxAfter.pid).not.toBe(outboxBefore.pid);

    // Sent after both listeners are back: only NOTIFY can wake the workers in time.
    await smtp.sendMail({ ...mail('after-reconnect'), from: '"Sam Writer" <sam@weekly.example>' });
    const raw = await processed('after-reconnect', 10_000);
    expect(raw.outcome).toBe('created');
    const ack = await waitFor(
      async () => {
        const { rows } = await db.query(`SELECT status FROM outbound_messages WHERE ticket_id = $1 AND kind = 'acknowledgement' AND status = 'sent'`, [raw.ticket_id]);
        return rows[0] as { status: string } | undefined;
      },
      'the acknowledgement to be sent',
      10_000,
    );
    expect(ack.status).toBe('sent');
  }, 60_000);
});
