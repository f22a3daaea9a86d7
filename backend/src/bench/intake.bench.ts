import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { machine, processCpuMs, startServer, type BenchServer } from './harness.js';

const INTAKE = 'news@newsdesk.localhost';
const DIST = join(dirname(fileURLToPath(import.meta.url)), '..');
const ATTACHMENT = Buffer.alloc(195 * 1024, 'Q');

function mail(index: number, size: 'small' | 'large') {
  const paragraph = `Paragraph ${index}: the journalist asks about the harbour project, its costs and the timetable. `;
  const text = paragraph.repeat(size === 'small' ? 20 : 10);
  return {
    from: `"Reporter ${index % 300}" <reporter${index % 300}@outlet${index % 30}.example>`,
    to: INTAKE,
    subject: `Inquiry ${index} about the harbour`,
    text,
    html: size === 'small' ? `<p>${text}</p>` : undefined,
    messageId: `<bench.${size}.${index}.${Date.now()}@outlet.example>`,
    attachments: size === 'large' ? [{ filename: 'figures.pdf', content: ATTACHMENT }] : undefined,
  };
}

async function pendingCount(server: BenchServer): Promise<number> {
  const response = await fetch(`${server.baseUrl}/api/intake/health`, { headers: { authorization: `Bearer ${server.token}` } });
  return ((await response.json()) as { pending: number }).pending;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/**
 * Sends mails through a pooled client with 5 connections, `count` of them or for `seconds`; returns
 * accepted/s, processed/s (until nothing is pending) and the SMTP accept latency per mail (MAIL FROM to the 250 after DATA).
 */
export async function smtpDoor(server: BenchServer, limit: { count: number } | { seconds: number }, size: 'small' | 'large') {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, pool: true, maxConnections: 5, maxMessages: Infinity, ignoreTLS: true });
  const latencies: number[] = [];
  const rawIds: string[] = [];
  let refused = 0;
  const cpuBefore = server.cpuMs();
  const postgresBefore = server.postgresCpuMs();
  const postgresKindsBefore = server.postgresCpuByKind();
  const threadsBefore = server.threadCpuMs();
  const started = performance.now();
  const more = (next: number) => ('count' in limit ? next < limit.count : performance.now() - started < limit.seconds * 1000);
  let next = 0;
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      while (more(next)) {
        const sent = performance.now();
        const info = (await transport.sendMail(mail(next++, size)).catch(() => null)) as { response?: string } | null;
        const id = info?.response?.match(/Accepted as ([0-9a-f-]{36})/)?.[1];
        if (!id) {
          refused++;
          continue;
        }
        latencies.push(performance.now() - sent);
        rawIds.push(id);
      }
    }),
  );
  const accepted = performance.now();
  while ((await pendingCount(server)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  const processed = performance.now();
  const cpuPerMessage = (server.cpuMs() - cpuBefore) / Math.max(rawIds.length, 1);
  const postgresCpuPerMessage = (server.postgresCpuMs() - postgresBefore) / Math.max(rawIds.length, 1);
  const threadCpuPerMessage = Object.entries(server.threadCpuMs())
    .map(([name, ms]) => ({ name, ms: (ms - (threadsBefore[name] ?? 0)) / Math.max(rawIds.length, 1) }))
    .filter((thread) => thread.ms >= 0.05)
    .sort((a, b) => b.ms - a.ms);
  const postgresCpuByKind = Object.entries(server.postgresCpuByKind())
    .map(([kind, ms]) => ({ kind, ms: (ms - (postgresKindsBefore[kind] ?? 0)) / Math.max(rawIds.length, 1) }))
    .filter((process) => process.ms >= 0.05)
    .sort((a, b) => b.ms - a.ms);
  transport.close();
  latencies.sort((a, b) => a - b);
  return {
    cpuPerMessage,
    postgresCpuPerMessage,
    postgresCpuByKind,
    threadCpuPerMessage,
    count: rawIds.length,
    refused,
    seconds: (processed - started) / 1000,
    accepted: rawIds.length / ((accepted - started) / 1000),
    processed: rawIds.length / ((processed - started) / 1000),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    rawIds,
  };
}

/** Every accepted raw message became a message on a ticket: ids that did not, by outcome. */
async function lost(databaseUrl: string, rawIds: string[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ outcome: string | null; count: number }>(
      `SELECT r.outcome, count(*)::int AS count FROM unnest($1::uuid[]) AS a(id)
         LEFT JOIN raw_messages r ON r.id = a.id
        WHERE r.id IS NULL OR r.ticket_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.raw_message_id = r.id AND t.id = r.ticket_id)
        GROUP BY r.outcome`,
      [rawIds],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** Runs `sql` on the bench's database (one connection, closed after). */
async function onDatabase<Row extends object>(databaseUrl: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** With BENCH_PG_STATEMENTS (harness.ts loads pg_stat_statements): counters cleared before a measured phase. */
async function resetStatements(databaseUrl: string): Promise<void> {
  if (!process.env.BENCH_PG_STATEMENTS) return;
  await onDatabase(databaseUrl, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
  await onDatabase(databaseUrl, `SELECT pg_stat_statements_reset(), pg_stat_reset()`);
}

/**
 * With BENCH_PG_STATEMENTS: samples pg_stat_activity every 20 ms until stopped, counting the server's active
 * backends by statement and wait event (none: on the CPU or waiting for it), a sampling profile of the database.
 */
function sampleActivity(databaseUrl: string): { stop(): Promise<string> } {
  if (!process.env.BENCH_PG_STATEMENTS) return { stop: async () => '' };
  const client = new pg.Client({ connectionString: databaseUrl });
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ query: string; wait: string }>(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query, coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait
           FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database()`,
      );
      samples++;
      for (const row of rows) counts.set(`${row.wait}\u0000${row.query}`, (counts.get(`${row.wait}\u0000${row.query}`) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.end();
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25);
      return [
        `pg_stat_activity sampled every 20 ms over the 5 KB door run (${samples} samples): active backends by wait event and statement, as a share of samples.`,
        '',
        '| wait event | statement | share of samples |',
        '| --- | --- | ---: |',
        ...top.map(([key, count]) => {
          const [wait, query] = key.split('\u0000');
          return `| ${wait} | \`${query.replace(/\|/g, '\\|')}\` | ${((count / samples) * 100).toFixed(1)}% |`;
        }),
        '',
      ].join('\n');
    },
  };
}

/** With BENCH_PG_STATEMENTS: the statements (nested ones, in triggers, included) and trigger functions of the phase, per message. */
async function statementsTable(databaseUrl: string, messages: number, byKind: { kind: string; ms: number }[]): Promise<string> {
  if (!process.env.BENCH_PG_STATEMENTS) return '';
  // Multi-row statements differ by their row count: grouped by their first 150 characters, so a batch INSERT is one line.
  const statements = await onDatabase<{ query: string; calls: string; total: number; plan: number; rows: string; toplevel: boolean }>(
    databaseUrl,
    `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 150) AS query, sum(calls) AS calls, sum(total_exec_time) AS total,
            sum(total_plan_time) AS plan, sum(rows) AS rows, toplevel
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      GROUP BY 1, toplevel ORDER BY sum(total_exec_time + total_plan_time) DESC LIMIT 40`,
  );
  const functions = await onDatabase<{ funcname: string; calls: string; total: number; self: number }>(
    databaseUrl,
    `SELECT funcname, calls, total_time AS total, self_time AS self FROM pg_stat_user_functions ORDER BY total_time DESC`,
  );
  // Statements per mail over everything the server ran (not only the top 40), leaving out the bench's own reads of the statistics.
  const [counts] = await onDatabase<{ top: string; begin_commit: string; nested: string }>(
    databaseUrl,
    `SELECT coalesce(sum(calls) FILTER (WHERE toplevel), 0) AS top,
            coalesce(sum(calls) FILTER (WHERE toplevel AND query IN ('START TRANSACTION', 'BEGIN', 'COMMIT', 'ROLLBACK')), 0) AS begin_commit,
            coalesce(sum(calls) FILTER (WHERE NOT toplevel), 0) AS nested
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query !~ 'pg_stat_(statements|activity|user_functions|reset)|pg_database'`,
  );
  const all = statements.reduce((sum, row) => sum + (row.toplevel ? row.total + row.plan : 0), 0);
  const cell = (text: string) => text.replace(/\|/g, '\\|').slice(0, 160);
  return [
    `PostgreSQL CPU per mail by process (/proc), ms: ${byKind.map((process) => `${process.kind} ${process.ms.toFixed(2)}`).join(', ')}.`,
    '',
    `Statements per mail (pg_stat_statements calls, the bench's own reads of the statistics left out): ${(Number(counts.top) / messages).toFixed(2)} top-level (round trips), of which ${(Number(counts.begin_commit) / messages).toFixed(2)} BEGIN/COMMIT; ${(Number(counts.nested) / messages).toFixed(2)} nested (triggers, functions, foreign-key checks).`,
    '',
    `pg_stat_statements over the 5 KB door run (${messages} mails; top-level statements planned and run in ${all.toFixed(0)} ms in all, ${(all / messages).toFixed(2)} ms per mail, wall time):`,
    '',
    '| statement | level | calls per mail | ms per mail run | ms per mail planning | rows per call |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...statements.map(
      (row) =>
        `| \`${cell(row.query)}\` | ${row.toplevel ? 'top' : 'nested'} | ${(Number(row.calls) / messages).toFixed(2)} | ${(row.total / messages).toFixed(3)} | ${(row.plan / messages).toFixed(3)} | ${(Number(row.rows) / Math.max(Number(row.calls), 1)).toFixed(1)} |`,
    ),
    '',
    '| function (triggers) | calls per mail | total ms per mail | self ms per mail |',
    '| --- | ---: | ---: | ---: |',
    ...functions.map((row) => `| ${row.funcname} | ${(Number(row.calls) / messages).toFixed(2)} | ${(row.total / messages).toFixed(3)} | ${(row.self / messages).toFixed(3)} |`),
    '',
  ].join('\n');
}

/** The raw limit on this machine: smtp-server receive + mailparser + one INSERT into a table with the same search index, 250 after commit. */
export async function rawLimit(databaseUrl: string, count: number, size: 'small' | 'large') {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 5 });
  await pool.query(`DROP TABLE IF EXISTS bench_raw`);
  await pool.query(`CREATE TABLE bench_raw (id bigserial PRIMARY KEY, subject text, body text, raw bytea,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(subject, '') || ' ' || left(coalesce(body, ''), 16384))) STORED)`);
  await pool.query(`CREATE INDEX bench_raw_tsv ON bench_raw USING gin (tsv)`);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => pool.query('INSERT INTO bench_raw (subject, body, raw) VALUES ($1, $2, $3)', [parsed.subject, parsed.text, raw]))
          .then(() => callback(), (error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, pool: true, maxConnections: 5, maxMessages: Infinity, ignoreTLS: true });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      while (next < count) await transport.sendMail(mail(next++, size));
    }),
  );
  const rate = count / ((performance.now() - started) / 1000);
  transport.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await pool.query(`DROP TABLE bench_raw`);
  await pool.end();
  return rate;
}

async function importRate(server: BenchServer, count: number) {
  const folder = join(server.dataDir, 'import-bench');
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFileSync(join(folder, `${i}.eml`), await new MailComposer({ ...mail(100_000 + i, 'small') }).compile().build());
  }
  const started = performance.now();
  const cpu = await runCli(server, ['import', '--json', folder]);
  return { rate: count / ((performance.now() - started) / 1000), cpuPerMessage: (cpu.cliCpuMs + cpu.serverCpuMs) / count };
}

/** An mbox of `count` 5 KB mails (mboxrd: body lines starting "From " quoted). */
async function writeMbox(file: string, count: number, first: number) {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = await new MailComposer({ ...mail(first + i, 'small') }).compile().build();
    parts.push(`From reporter@outlet.example Mon Jun  3 10:02:00 2024\n${bytes.toString('latin1').replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1')}\n`);
  }
  writeFileSync(file, parts.join('\n'), 'latin1');
}

/**
 * The CLI as its own process (the output of 2,000 messages is more than spawnSync's buffer); BENCH_CLI runs another build's CLI for a before/after.
 * Resolves with the CPU the CLI used (ms, user + system, sampled from /proc just before it exits) and the server's CPU meanwhile.
 */
async function runCli(server: BenchServer, args: string[]): Promise<{ cliCpuMs: number; serverCpuMs: number }> {
  const serverBefore = server.cpuMs();
  // BENCH_CLI_NODE_OPTIONS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) goes to the CLI process only, to profile it;
  // as arguments, not NODE_OPTIONS, which refuses --cpu-prof before Node 22.
  const nodeOptions = process.env.BENCH_CLI_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn('node', [...nodeOptions, process.env.BENCH_CLI ?? join(DIST, 'cli.js'), ...args], { env: server.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let cliCpuMs = 0;
  // /proc/<pid> is gone after exit: sample it every 100 ms and keep the last reading.
  const sampler = setInterval(() => {
    try {
      cliCpuMs = processCpuMs(child.pid!);
    } catch {
      // exited between samples
    }
  }, 100);
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cli ${args.join(' ')} exited ${code}: ${stderr}`)))));
  } finally {
    clearInterval(sampler);
  }
  return { cliCpuMs, serverCpuMs: server.cpuMs() - serverBefore };
}

/** Tickets that came from the given import source prefix: what the queue shows once the command has ended. */
async function visibleTickets(databaseUrl: string, source: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>(
      `SELECT count(DISTINCT t.id)::int AS count FROM raw_messages r JOIN tickets t ON t.id = r.ticket_id WHERE r.door = 'import' AND r.source LIKE $1`,
      [`${source}%`],
    );
    return rows[0].count;
  } finally {
    await client.end();
  }
}

/** `cli import` of an mbox, from process start to exit; every message must be a ticket in the queue when it exits. */
export async function mboxImportRate(server: BenchServer, count: number) {
  const file = join(server.dataDir, `import-bench-${Date.now()}.mbox`);
  await writeMbox(file, count, 200_000);
  const postgresBefore = server.postgresCpuMs();
  const started = performance.now();
  const cpu = await runCli(server, ['import', '--json', file]);
  const rate = count / ((performance.now() - started) / 1000);
  const postgresMs = server.postgresCpuMs() - postgresBefore;
  return {
    rate,
    cpuPerMessage: (cpu.cliCpuMs + cpu.serverCpuMs) / count,
    // Where the CPU went, per message: the CLI, the server (woken by the import; its outbox sends the acknowledgements), PostgreSQL.
    split: { cli: cpu.cliCpuMs / count, server: cpu.serverCpuMs / count, postgres: postgresMs / count },
    visible: await visibleTickets(server.databaseUrl, file),
  };
}

/** /api/health latency sampled every 5 ms for `seconds` with nothing imported: the machine's own noise. */
async function idleLatency(server: BenchServer, seconds: number) {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const started = performance.now();
    await fetch(`${server.baseUrl}/api/health`);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  latencies.sort((a, b) => a - b);
  return { p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)] };
}

/** /api/health latency sampled every 5 ms while the CLI imports a `count`-message mbox into the running server's database. */
async function latencyDuringImport(server: BenchServer, count: number) {
  const file = join(server.dataDir, `import-latency-${Date.now()}.mbox`);
  await writeMbox(file, count, 300_000);
  const latencies: number[] = [];
  await server.eventLoopDelay();
  let importing = true;
  const probe = (async () => {
    while (importing) {
      const started = performance.now();
      await fetch(`${server.baseUrl}/api/health`);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  await runCli(server, ['import', '--json', file]).finally(() => (importing = false));
  await probe;
  const loop = await server.eventLoopDelay();
  latencies.sort((a, b) => a - b);
  return { loop, samples: latencies.length, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)], max: latencies.at(-1)! };
}

/** /api/health latency sampled every 5 ms while the server parses a 10 MB mail (a 2 MB text part plus attachments). */
async function latencyDuringHugeMail(server: BenchServer) {
  const text = 'A long line of journalist text without much structure at all. '.repeat(32_000);
  const huge = await new MailComposer({
    from: 'huge@outlet.example',
    to: INTAKE,
    subject: 'Huge mail',
    text,
    html: `<p>${text}</p>`,
    attachments: [{ filename: 'a.bin', content: Buffer.alloc(5 * 1024 * 1024, 'A') }],
  })
    .compile()
    .build();
  const latencies: number[] = [];
  await server.eventLoopDelay();
  let sending = true;
  const probe = (async () => {
    while (sending || (await pendingCount(server)) > 0) {
      const started = performance.now();
      await fetch(`${server.baseUrl}/api/health`);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, ignoreTLS: true });
  await transport.sendMail({ envelope: { from: 'huge@outlet.example', to: INTAKE }, raw: huge });
  sending = false;
  await probe;
  const delay = await server.eventLoopDelay();
  transport.close();
  latencies.sort((a, b) => a - b);
  return { loop: delay, size: huge.length, samples: latencies.length, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)], max: latencies.at(-1)! };
}

/** `npm run bench -- intake [small-count] [large-count] [mbox-count]`, or `intake --minutes N [raw-count]` for a sustained run. */
export async function intake(args: string[]) {
  if (args.includes('--event-loop')) return eventLoop();
  const minutesAt = args.indexOf('--minutes');
  if (minutesAt >= 0) return sustained(Number(args[minutesAt + 1]), Number(args.filter((arg, index) => index !== minutesAt && index !== minutesAt + 1)[0] ?? 2000));
  const smallCount = Number(args[0] ?? 2000);
  const largeCount = Number(args[1] ?? 300);
  const mboxCount = Number(args[2] ?? 2000);
  const server = await startServer({ ACK_RATE_LIMIT_PER_HOUR: '1000' });
  try {
    const rawSmall = await rawLimit(server.databaseUrl, smallCount, 'small');
    const rawLarge = await rawLimit(server.databaseUrl, largeCount, 'large');
    await resetStatements(server.databaseUrl);
    const sampler = sampleActivity(server.databaseUrl);
    const doorSmall = await smtpDoor(server, { count: smallCount }, 'small');
    const activity = await sampler.stop();
    const statements = (await statementsTable(server.databaseUrl, doorSmall.count, doorSmall.postgresCpuByKind)) + activity;
    const doorLarge = await smtpDoor(server, { count: largeCount }, 'large');
    const missing = await lost(server.databaseUrl, [...doorSmall.rawIds, ...doorLarge.rawIds]);
    const imported = await importRate(server, 500);
    const mbox = await mboxImportRate(server, mboxCount);
    const duringImport = await latencyDuringImport(server, 1000);
    const loop = await latencyDuringHugeMail(server);
    const pct = (value: number, of: number) => `${Math.round((value / of) * 100)}%`;
    process.stdout.write(
      [
        `### intake (${new Date().toISOString().slice(0, 10)}; ${machine()})`,
        '',
        'Built server + embedded PostgreSQL; pooled nodemailer client, 5 connections over loopback. "accepted" = 250 after the raw commit; "processed" = through the whole pipeline (parse, classify, dedupe, thread, ticket, acknowledgement queued).',
        '',
        '| measure | 5 KB plain+HTML | 200 KB with attachment |',
        '| --- | ---: | ---: |',
        `| raw limit: smtp-server + mailparser + 1 INSERT (search index), msg/s | ${rawSmall.toFixed(0)} | ${rawLarge.toFixed(0)} |`,
        `| SMTP door accepted, msg/s | ${doorSmall.accepted.toFixed(0)} (${pct(doorSmall.accepted, rawSmall)} of raw) | ${doorLarge.accepted.toFixed(0)} (${pct(doorLarge.accepted, rawLarge)} of raw) |`,
        `| SMTP accept latency (MAIL FROM to 250), ms p50 / p99 | ${doorSmall.p50.toFixed(0)} / ${doorSmall.p99.toFixed(0)} | ${doorLarge.p50.toFixed(0)} / ${doorLarge.p99.toFixed(0)} |`,
        `| SMTP door processed end to end, msg/s | ${doorSmall.processed.toFixed(0)} (${pct(doorSmall.processed, rawSmall)} of raw) | ${doorLarge.processed.toFixed(0)} (${pct(doorLarge.processed, rawLarge)} of raw) |`,
        `| SMTP door: server Node CPU per message (/proc), ms | ${doorSmall.cpuPerMessage.toFixed(1)} | ${doorLarge.cpuPerMessage.toFixed(1)} |`,
        `| SMTP door: PostgreSQL CPU per message (/proc), ms | ${doorSmall.postgresCpuPerMessage.toFixed(1)} | ${doorLarge.postgresCpuPerMessage.toFixed(1)} |`,
        `| import (CLI, 500 × 5 KB .eml, incl. process start), msg/s | ${imported.rate.toFixed(0)} (${pct(imported.rate, rawSmall)} of raw; CLI + server CPU ${imported.cpuPerMessage.toFixed(1)} ms/msg) | |`,
        `| import (CLI, mbox of ${mboxCount} × 5 KB, process start to exit, all visible as tickets), msg/s | ${mbox.rate.toFixed(0)} (${pct(mbox.rate, rawSmall)} of raw; ${mbox.visible}/${mboxCount} tickets at exit; CLI + server CPU ${mbox.cpuPerMessage.toFixed(1)} ms/msg) | |`,
        '',
        `Server event loop while the CLI imports a 1,000-message mbox into its database: main-thread delay (monitorEventLoopDelay) p50 ${duringImport.loop.p50.toFixed(1)} ms, p99 ${duringImport.loop.p99.toFixed(1)} ms, max ${duringImport.loop.max.toFixed(1)} ms; /api/health latency over ${duringImport.samples} samples p50 ${duringImport.p50.toFixed(1)} ms, p99 ${duringImport.p99.toFixed(1)} ms, max ${duringImport.max.toFixed(1)} ms.`,
        '',
        `Accepted and not a message on a ticket at the end: ${describeLost(missing)}; refused by the door: ${doorSmall.refused + doorLarge.refused}.`,
        '',
        `Event loop while a ${(loop.size / 1024 / 1024).toFixed(1)} MB mail (2 MB text part, 5 MB attachment) is received and processed: main-thread delay p50 ${loop.loop.p50.toFixed(1)} ms, p99 ${loop.loop.p99.toFixed(1)} ms, max ${loop.loop.max.toFixed(1)} ms; /api/health latency over ${loop.samples} samples p50 ${loop.p50.toFixed(1)} ms, p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(1)} ms.`,
        '',
        statements,
      ].join('\n'),
    );
  } finally {
    await server.stop();
  }
}

/** `npm run bench -- intake --event-loop`: only the two event-loop rows (a 1,000-message import, a 10.8 MB mail). */
async function eventLoop() {
  const server = await startServer({ ACK_RATE_LIMIT_PER_HOUR: '1000' });
  try {
    const idle = await idleLatency(server, 5);
    const duringImport = await latencyDuringImport(server, 1000);
    const loop = await latencyDuringHugeMail(server);
    process.stdout.write(
      [
        `### intake event loop (${new Date().toISOString().slice(0, 10)}; ${machine()})`,
        '',
        '| server, ms | main-thread delay p50 / p99 / max | /api/health latency p50 / p99 / max |',
        '| --- | ---: | ---: |',
        `| idle (5 s) | | ${idle.p50.toFixed(1)} / ${idle.p99.toFixed(1)} / |`,
        `| while the CLI imports a 1,000-message mbox | ${describeDelay(duringImport.loop)} | ${duringImport.p50.toFixed(1)} / ${duringImport.p99.toFixed(1)} / ${duringImport.max.toFixed(1)} |`,
        `| while a ${(loop.size / 1024 / 1024).toFixed(1)} MB mail is received and processed | ${describeDelay(loop.loop)} | ${loop.p50.toFixed(1)} / ${loop.p99.toFixed(1)} / ${loop.max.toFixed(1)} |`,
        '',
      ].join('\n'),
    );
  } finally {
    await server.stop();
  }
}

const describeDelay = (delay: { p50: number; p99: number; max: number }) => `${delay.p50.toFixed(1)} / ${delay.p99.toFixed(1)} / ${delay.max.toFixed(1)}`;

function describeLost(rows: { outcome: string | null; count: number }[]): string {
  return rows.length ? rows.map((row) => `${row.count} (${row.outcome ?? 'no raw row'})`).join(', ') : 'none';
}

/** `npm run bench -- intake --minutes N [raw-count]`: 5 KB mail through the SMTP door for N minutes against the raw limit of the same run. */
async function sustained(minutes: number, rawCount: number) {
  if (!(minutes > 0)) throw new Error('--minutes needs a positive number');
  const server = await startServer({ ACK_RATE_LIMIT_PER_HOUR: '1000' });
  try {
    const benchBefore = process.cpuUsage();
    const postgresBefore = server.postgresCpuMs();
    const rawBefore = await rawLimit(server.databaseUrl, rawCount, 'small');
    const benchCpu = process.cpuUsage(benchBefore);
    // The raw limit's receiver runs in this process (beside its client): its CPU and PostgreSQL's, per mail.
    const rawCpu = { node: (benchCpu.user + benchCpu.system) / 1000 / rawCount, postgres: (server.postgresCpuMs() - postgresBefore) / rawCount };
    const door = await smtpDoor(server, { seconds: minutes * 60 }, 'small');
    const missing = await lost(server.databaseUrl, door.rawIds);
    // Measured again after the door: on a shared machine the load moves within minutes, so the ratio uses the mean of both.
    const rawAfter = await rawLimit(server.databaseUrl, rawCount, 'small');
    const rawSmall = (rawBefore + rawAfter) / 2;
    const pct = (value: number) => `${Math.round((value / rawSmall) * 100)}%`;
    process.stdout.write(
      [
        `### intake, sustained ${minutes} min (${new Date().toISOString().slice(0, 10)}; ${machine()})`,
        '',
        '| measure | 5 KB plain+HTML |',
        '| --- | ---: |',
        `| raw limit (${rawCount} mails) before / after the door run, msg/s; ratios below use their mean | ${rawBefore.toFixed(0)} / ${rawAfter.toFixed(0)} (mean ${rawSmall.toFixed(0)}) |`,
        `| SMTP door accepted, msg/s (${door.count} mails) | ${door.accepted.toFixed(0)} (${pct(door.accepted)} of raw) |`,
        `| SMTP accept latency (MAIL FROM to 250), ms p50 / p99 | ${door.p50.toFixed(0)} / ${door.p99.toFixed(0)} |`,
        `| accepted to visible in the queue, msg/s (until nothing pending, ${door.seconds.toFixed(0)} s) | ${door.processed.toFixed(0)} (${pct(door.processed)} of raw) |`,
        `| server Node CPU per message (/proc), ms | ${door.cpuPerMessage.toFixed(1)} |`,
        `| server Node CPU per message by thread (live threads), ms | ${door.threadCpuPerMessage.map((thread) => `${thread.name} ${thread.ms.toFixed(2)}`).join(', ')} |`,
        `| PostgreSQL CPU per message (/proc), ms | ${door.postgresCpuPerMessage.toFixed(1)} |`,
        `| raw limit: CPU per mail, Node (receiver and client) / PostgreSQL, ms | ${rawCpu.node.toFixed(1)} / ${rawCpu.postgres.toFixed(1)} |`,
        '',
        `Accepted and not a message on a ticket at the end: ${describeLost(missing)}; refused by the door: ${door.refused}.`,
        '',
      ].join('\n'),
    );
  } finally {
    await server.stop();
  }
}

/** `npm run bench -- import [mbox-count] [runs]`: the import rows of the intake bench alone, each run against its own raw limit. */
export async function importBench(args: string[]) {
  const mboxCount = Number(args[0] ?? 2000);
  const runs = Number(args[1] ?? 1);
  const server = await startServer({ ACK_RATE_LIMIT_PER_HOUR: '1000' });
  const rows: string[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      const raw = await rawLimit(server.databaseUrl, 2000, 'small');
      const mbox = await mboxImportRate(server, mboxCount);
      const idle = await idleLatency(server, 5);
      const during = await latencyDuringImport(server, 1000);
      rows.push(
        `| ${run} | ${raw.toFixed(0)} | ${mbox.rate.toFixed(0)} (CPU/msg: CLI ${mbox.split.cli.toFixed(1)}, server ${mbox.split.server.toFixed(1)}, PostgreSQL ${mbox.split.postgres.toFixed(1)} ms) | ${Math.round((mbox.rate / raw) * 100)}% | ${mbox.visible}/${mboxCount} | ${idle.p50.toFixed(1)} / ${idle.p99.toFixed(1)} ms | ${during.p50.toFixed(1)} / ${during.p99.toFixed(1)} / ${during.max.toFixed(1)} ms | ${during.loop.p99.toFixed(1)} ms |`,
      );
      process.stderr.write(`${rows.at(-1)}\n`);
    }
    process.stdout.write(
      [
        `### import (${new Date().toISOString().slice(0, 10)}; ${machine()})`,
        '',
        `| run | raw limit, msg/s | mbox import of ${mboxCount} × 5 KB (process start to exit), msg/s | of raw | tickets at exit | server /api/health idle p50 / p99 | /api/health during a 1,000-message import p50 / p99 / max | server main-thread event-loop delay p99 during it |`,
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await server.stop();
  }
}
