import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { AppModule } from '../app.module.js';
import type { RequestUser } from '../common/request-user.js';
import { loadConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { METRIC_READ_SETTINGS } from '../metrics/metrics.repository.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { TargetOutcomesService } from '../targets/target-outcomes.service.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { COMMON_WORD, RARE_WORD } from '../database/seed/synthetic-history.js';
import { machine, startServer, type BenchServer } from './harness.js';

const OFFICE = { OFFICE_TIMEZONE: 'Europe/London', OFFICE_HOURS: 'Mon-Fri 09:00-17:30', METRICS_REFRESH_SECONDS: '0' };

interface Timing {
  name: string;
  path: string;
  goal: number;
  runs: number;
  median: number;
  p95: number;
  max: number;
}

async function time(server: BenchServer, name: string, path: string, goal: number, runs: number): Promise<Timing> {
  const headers = { authorization: `Bearer ${server.token}` };
  const once = async () => {
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}${path}`, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 3; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
  return { name, path, goal, runs, median: at(0.5), p95: at(0.95), max: samples.at(-1)! };
}

interface CapturedStatement {
  sql: string;
  params: unknown[];
  prepared?: boolean;
}
let capturing: CapturedStatement[] | null = null;
const wrappedClients = new WeakSet<object>();

/** A parameter as an SQL literal: EXECUTE, a utility statement, takes no bound parameters. */
function literal(client: pg.Client, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return client.escapeLiteral(`{${value.map((item) => `"${String(item).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return client.escapeLiteral(String(value));
}

/** Runs `work` with every SQL statement it issues captured, then EXPLAINs (ANALYZE, BUFFERS) the reads (exported for ad-hoc scripts on a kept BENCH_DATA_DIR). */
export async function explainStatements(databaseUrl: string, work: () => Promise<unknown>): Promise<string[]> {
  const captured: CapturedStatement[] = [];
  const original = PostgresQueryRunner.prototype.query;
  // Named statements (prepared-statement.ts) go straight to the pooled client, whose query is bound per
  // instance (DeadlineClient): wrap each client a runner hands out while capturing.
  const originalConnect = PostgresQueryRunner.prototype.connect;
  PostgresQueryRunner.prototype.connect = async function (this: PostgresQueryRunner) {
    const client = (await originalConnect.call(this)) as { query: (...args: unknown[]) => unknown };
    if (!wrappedClients.has(client)) {
      wrappedClients.add(client);
      const query = client.query.bind(client);
      client.query = (config: unknown, ...rest: unknown[]) => {
        const named = config as { name?: string; text?: string; values?: unknown[] } | null;
        if (capturing && named && typeof named === 'object' && named.name && named.text) capturing.push({ sql: named.text, params: named.values ?? [], prepared: true });
        return query(config, ...rest);
      };
    }
    return client;
  } as typeof originalConnect;
  capturing = captured;
  PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, sql: string, params?: unknown[], ...rest: unknown[]) {
    // Reads only: EXPLAIN ANALYZE executes the statement, and the live-day refresh writes rollups in a WITH.
    const read = /^\s*(WITH|SELECT)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(sql);
    if (read && !/metric_rollup_state|pg_advisory|set_config/.test(sql)) captured.push({ sql, params: params ?? [] });
    return (original as (...args: unknown[]) => Promise<unknown>).call(this, sql, params, ...rest);
  } as typeof original;
  try {
    await work();
  } finally {
    PostgresQueryRunner.prototype.query = original;
    PostgresQueryRunner.prototype.connect = originalConnect;
    capturing = null;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The settings of the product's metric reads (a read sets them for its transaction only).
    for (const [name, value] of Object.entries(METRIC_READ_SETTINGS)) await client.query(`SELECT set_config($1, $2, false)`, [name, value]);
    const plans: string[] = [];
    for (const { sql, params, prepared } of captured) {
      let result: pg.QueryResult;
      if (prepared) {
        // The plan the server keeps after five runs: generic, the parameters unknown when planning.
        await client.query(`SET plan_cache_mode = force_generic_plan`);
        await client.query(`PREPARE explained AS ${sql}`);
        result = await client.query(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE explained(${params.map((value) => literal(client, value)).join(', ')})`);
        await client.query(`DEALLOCATE explained; RESET plan_cache_mode`);
      } else {
        result = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      }
      plans.push((prepared ? 'Generic plan (prepared statement):\n' : '') + result.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n'));
    }
    return plans;
  } finally {
    await client.end();
  }
}

const fixed = (n: number) => n.toFixed(1);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * `npm run bench -- queries [tickets] [runs]`: seeds `tickets` (default 1,000,000) through
 * `npm run cli -- seed`, then times the metrics summary, the queue's first page and full-text
 * search over HTTP against the built server (one client, sequential requests), and EXPLAINs the
 * statements behind each.
 */
export async function queries(args: string[]) {
  const tickets = Number(args[0] ?? 1_000_000);
  const runs = Number(args[1] ?? 40);
  // BENCH_DATA_DIR keeps the seeded database between runs (seeded once; reused while it holds `tickets`).
  const keepDir = process.env.BENCH_DATA_DIR || undefined;
  const server = await startServer(OFFICE, keepDir);
  try {
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    const [{ seeded }] = (await db.query(`SELECT count(*)::int AS seeded FROM tickets`)).rows as { seeded: number }[];
    // The history runs to the end of today, so "today" (kept as a provisional rollup) has a full day in it.
    const tomorrow = addDays(new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE.OFFICE_TIMEZONE }).format(new Date()), 1);
    const seedStarted = performance.now();
    if (seeded && seeded !== tickets) throw new Error(`BENCH_DATA_DIR holds ${seeded} tickets, not ${tickets}: point it at an empty directory`);
    // The seed's own report is kept beside the data, so a run on a reused seed can still quote it.
    const seedNote = join(server.dataDir, 'bench-seed.txt');
    let seedLine: string;
    if (seeded) {
      seedLine = existsSync(seedNote) ? readFileSync(seedNote, 'utf8') : `seed of ${seeded} tickets`;
    } else {
      const line = server.cli('seed', '--tickets', String(tickets), '--seed', 'bench', '--end', tomorrow);
      seedLine = `${line}; ${fixed((performance.now() - seedStarted) / 1000)} s wall time`;
      writeFileSync(seedNote, seedLine);
    }

    // The steady state autovacuum reaches after a bulk load (visibility maps for index-only scans,
    // statistics), before the timing rather than during it.
    await db.query(`VACUUM (ANALYZE) tickets, events, messages, outbound_messages, metric_facts, metric_rollups, metric_rollup_histograms`);
    const [{ today }] = (await db.query(`SELECT (now() AT TIME ZONE 'Europe/London')::date::text AS today`)).rows as { today: string }[];
    const [{ officer }] = (
      await db.query(`SELECT assignee_id AS officer FROM tickets WHERE assignee_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
    ).rows as { officer: string }[];
    const [{ team }] = (await db.query(`SELECT team_id AS team FROM team_members WHERE user_id = $1 LIMIT 1`, [officer])).rows as { team: string }[];
    const [{ topic: TOPIC }] = (
      await db.query(`SELECT key AS topic FROM metric_rollups WHERE dimension = 'topic' AND grain = 'month' AND key <> '' GROUP BY key ORDER BY sum(received) DESC LIMIT 1`)
    ).rows as { topic: string }[];
    const [{ outlet }] = (await db.query(`SELECT outlet_id AS outlet FROM tickets WHERE outlet_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)).rows as { outlet: string }[];
    const counts = (
      await db.query(
        `SELECT (SELECT count(*) FROM tickets WHERE search_vector @@ to_tsquery('simple', $1))::int AS common,
                (SELECT count(*) FROM tickets WHERE search_vector @@ to_tsquery('simple', $2))::int AS rare,
                (SELECT count(*) FROM tickets WHERE status = 'closed' AND assignee_id = $3)::int AS closed_for_officer,
                (SELECT count(*) FROM tickets WHERE status = 'open' AND assignee_id = $3)::int AS open_for_officer,
                pg_size_pretty(pg_total_relation_size('tickets')) AS tickets_size,
                (SELECT count(*) FROM events)::int AS events`,
        [COMMON_WORD, RARE_WORD, officer],
      )
    ).rows[0] as { common: number; rare: number; closed_for_officer: number; open_for_officer: number; tickets_size: string; events: number };
    // Search as people type it: one older ticket's reference, its journalist's address and name, its outlet.
    const [typed] = (
      await db.query(
        `SELECT t.reference, t.number::text AS number, j.email, j.name AS journalist, o.name AS outlet, o.domains[1] AS domain
           FROM tickets t JOIN journalists j ON j.id = t.journalist_id JOIN outlets o ON o.id = t.outlet_id
          WHERE j.email IS NOT NULL AND o.domains <> '{}' ORDER BY t.number LIMIT 1 OFFSET $1`,
        [Math.floor(seeded ? seeded / 3 : tickets / 3)],
      )
    ).rows as { reference: string; number: string; email: string; journalist: string; outlet: string; domain: string }[];
    await db.end();
    const q = (text: string) => encodeURIComponent(text);

    const yearFrom = addDays(today, -365);
    const yesterday = addDays(today, -1);
    // [name, path, goal p95 ms, runs when fewer than the default]
    const cases: [string, string, number, number?][] = [
      ['summary, one year (closed days)', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}`, 300],
      ['summary, one year to today', `/api/metrics/summary?from=${addDays(today, -364)}&to=${today}`, 300],
      ['summary, last 30 days', `/api/metrics/summary?from=${addDays(today, -29)}&to=${today}`, 300],
      ['summary, one year, one officer', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&officer=${officer}`, 300],
      ['summary, one year, by officer', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&groupBy=officer`, 300],
      ['summary, last 30 days, by outlet', `/api/metrics/summary?from=${addDays(today, -29)}&to=${today}&groupBy=outlet`, 300],
      ['summary, one year, by outlet (400 outlets)', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&groupBy=outlet`, 300],
      ['summary, one year, team, business hours', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&team=${team}&clock=business`, 300],
      ['summary, one year, by tier', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&groupBy=tier`, 300],
      ['summary, 13 months not month-aligned, by outlet', `/api/metrics/summary?from=${addDays(today, -409)}&to=${addDays(today, -14)}&groupBy=outlet`, 300],
      // Two dimensions: pair rollups (weeks and months) plus the edge days' stored facts.
      ['summary, one year, one officer, by outlet (pair)', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&officer=${officer}&groupBy=outlet`, 150],
      ['summary, last 30 days, one officer, by topic (pair)', `/api/metrics/summary?from=${addDays(today, -29)}&to=${today}&officer=${officer}&groupBy=topic`, 150],
      ['summary, one year, one outlet, by officer (pair)', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&outlet=${outlet}&groupBy=officer`, 150],
      ['summary, one year, one officer, by tier (pair)', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&officer=${officer}&groupBy=tier`, 150],
      ['summary, one year, one officer, by channel (pair)', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&officer=${officer}&groupBy=channel`, 150],
      ['summary, one year, one officer, by request type (pair)', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&officer=${officer}&groupBy=requestType`, 150],
      ['summary, one year, one topic, by outlet (pair)', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&topic=${TOPIC}&groupBy=outlet`, 150],
      ['summary, last 30 days, one outlet, by topic (pair)', `/api/metrics/summary?from=${addDays(today, -29)}&to=${today}&outlet=${outlet}&groupBy=topic`, 150],
      ['summary, 13 months not month-aligned, one team, by outlet (pair)', `/api/metrics/summary?from=${addDays(today, -409)}&to=${addDays(today, -14)}&team=${team}&groupBy=outlet`, 150],
      ['summary, one year, one tier, by topic (pair)', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&tier=national&groupBy=topic`, 150],
      // Issue 16: every breakdown the page and the API offer, against 150 ms and 3× the plain summary.
      ['summary, one year, by team', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&groupBy=team`, 150],
      ['summary, one year, by topic', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&groupBy=topic`, 150],
      ['summary, one year, by channel', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&groupBy=channel`, 150],
      ['summary, one year, by request type', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&groupBy=requestType`, 150],
      ['summary, one year, one tier (filter)', `/api/metrics/summary?from=${yearFrom}&to=${yesterday}&tier=national`, 150],
      ['summary, last 30 days, one tier, by topic (pair)', `/api/metrics/summary?from=${addDays(today, -29)}&to=${today}&tier=national&groupBy=topic`, 150],
      ['series, one year weekly first response', `/api/metrics/series?metric=firstResponseTime&granularity=week&from=${yearFrom}&to=${today}`, 300],
      ['series, 90 days daily received by officer', `/api/metrics/series?metric=received&granularity=day&from=${addDays(today, -89)}&to=${today}&groupBy=officer`, 150],
      ['series, one year monthly first response by tier', `/api/metrics/series?metric=firstResponseTime&granularity=month&from=${yearFrom}&to=${today}&groupBy=tier`, 150],
      ['series, one year weekly first response by outlet', `/api/metrics/series?metric=firstResponseTime&granularity=week&from=${yearFrom}&to=${today}&groupBy=outlet`, 150, 10],
      ['series, one year weekly first response, one officer, by topic (pair)', `/api/metrics/series?metric=firstResponseTime&granularity=week&from=${yearFrom}&to=${today}&officer=${officer}&groupBy=topic`, 150],
      ['series, 90 days daily received, one officer, by tier (pair, day rows)', `/api/metrics/series?metric=received&granularity=day&from=${addDays(today, -89)}&to=${today}&officer=${officer}&groupBy=tier`, 150],
      ['list: status=open + assignee, by deadline', `/api/tickets?status=open&assignee=${officer}&sort=deadline`, 50],
      ['list: status=closed + assignee, by deadline', `/api/tickets?status=closed&assignee=${officer}&sort=deadline`, 50],
      [`search "${COMMON_WORD}" (common), by deadline`, `/api/tickets?q=${COMMON_WORD}`, 150],
      [`search "${RARE_WORD}" (rare), by deadline`, `/api/tickets?q=${RARE_WORD}`, 150],
      [`search "${RARE_WORD}" (rare), newest first`, `/api/tickets?q=${RARE_WORD}&sort=created`, 150],
      [`search "${COMMON_WORD}" (common), newest first`, `/api/tickets?q=${COMMON_WORD}&sort=created`, 150],
      [`search "${COMMON_WORD}" (common), by relevance`, `/api/tickets?q=${COMMON_WORD}&sort=relevance`, 150],
      [`search "${RARE_WORD}" (rare), by relevance`, `/api/tickets?q=${RARE_WORD}&sort=relevance`, 150],
      [`search "${COMMON_WORD} statement" (two words)`, `/api/tickets?q=${COMMON_WORD}%20statement`, 150],
      [`search a reference "${typed.reference}"`, `/api/tickets?q=${q(typed.reference)}`, 150],
      [`search a reference "nd ${typed.number}"`, `/api/tickets?q=${q(`nd ${typed.number}`)}`, 150],
      [`search a bare number "${typed.number}" (reference or text)`, `/api/tickets?q=${typed.number}`, 150],
      [`search an address`, `/api/tickets?q=${q(typed.email)}`, 150],
      [`search part of an address "${typed.email.split('@')[0]}@"`, `/api/tickets?q=${q(`${typed.email.split('@')[0]}@`)}`, 150],
      [`search a mail domain (all of one outlet's tickets)`, `/api/tickets?q=${q(typed.domain)}`, 150],
      [`search a journalist's name`, `/api/tickets?q=${q(typed.journalist)}`, 150],
      [`search an outlet's name`, `/api/tickets?q=${q(typed.outlet)}`, 150],
      [`search "Zänzibar" (accent folded, rare)`, `/api/tickets?q=${q('Zänzibar')}`, 150],
      [`search "cöuncil" (accent folded, common)`, `/api/tickets?q=${q('cöuncil')}`, 150],
      // First-response targets: hits and breaches from the stored due time (issue 16).
      ['targets, one year, by officer', `/api/metrics/targets?from=${yearFrom}&to=${today}&groupBy=officer`, 150],
      ['targets, one year, by tier', `/api/metrics/targets?from=${yearFrom}&to=${today}&groupBy=tier`, 150],
      ['targets, one year, by topic', `/api/metrics/targets?from=${yearFrom}&to=${today}&groupBy=topic`, 150],
      ['targets, last 30 days, by officer', `/api/metrics/targets?from=${addDays(today, -29)}&to=${today}&groupBy=officer`, 150],
      ['target breaches, one year, first page', `/api/metrics/targets/breaches?from=${yearFrom}&to=${today}`, 150],
      ['list: status=open, by response target', `/api/tickets?status=open&sort=target`, 50],
      ['target breaches, one year, one officer, national', `/api/metrics/targets/breaches?from=${yearFrom}&to=${today}&officer=${officer}&tier=national`, 150],
    ];
    const timings: Timing[] = [];
    for (const [name, path, goal, fewer] of cases) timings.push(await time(server, name, path, goal, Math.min(runs, fewer ?? runs)));

    // Issue 16 measures every metrics read against the plain summary of the same run.
    const plain = timings.find((t) => t.name === 'summary, one year (closed days)')!;
    // Issue 16: a metrics read meets its goal under the p95 goal AND within 3× the plain summary of this run, by p95 and by
    // median both: on a shared machine a few slow requests of the summary's twenty raise its p95 (28-37 ms against a
    // median of 11-14 in the runs of 2026-12-08), and the p95 ratio alone then passes rows three times slower.
    const metric = (t: Timing) => t.path.startsWith('/api/metrics/');
    const verdict = (t: Timing) => (t.p95 < t.goal && (!metric(t) || (t.p95 <= 3 * plain.p95 && t.median <= 3 * plain.median)) ? 'yes' : '**no**');
    const ratio = (t: Timing, of: 'p95' | 'median') => (metric(t) ? `${(t[of] / plain[of]).toFixed(1)}×` : '');
    process.stdout.write(
      [
        `### queries (${new Date().toISOString().slice(0, 10)}; ${machine()})`,
        '',
        `Built server + embedded PostgreSQL 18 (default settings: shared_buffers 128 MB), office time zone Europe/London with office hours. ` +
          `Seeded with \`npm run cli -- seed --tickets ${tickets} --seed bench\`${seeded ? ' (reused from BENCH_DATA_DIR)' : ''}:`,
        '',
        `> ${seedLine}`,
        '',
        `The history ends at midnight tonight, so today holds a full day (today's rollup is provisional, recomputed when a ticket changes). ` +
          `Tickets table ${counts.tickets_size}, ${counts.events} events. "${COMMON_WORD}" matches ${counts.common} tickets, "${RARE_WORD}" ${counts.rare} (all in the oldest tenth); ` +
          `the officer filtered on holds ${counts.open_for_officer} open and ${counts.closed_for_officer} closed tickets.`,
        '',
        `Each request ${runs} times (the slowest ones ${Math.min(runs, 10)}) after 3 warm-up runs, one client, sequential, over HTTP with a bearer token (times include auth, JSON and the network stack).`,
        '',
        '| request | runs | median ms | p95 ms | max ms | p95 ÷ summary p95 | median ÷ summary median | goal p95 ms | met |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
        ...timings.map((t) => `| ${t.name} | ${t.runs} | ${fixed(t.median)} | ${fixed(t.p95)} | ${fixed(t.max)} | ${ratio(t, 'p95')} | ${ratio(t, 'median')} | ${t.goal} | ${verdict(t)} |`),
        '',
      ].join('\n'),
    );

    // The statements behind the headline cases, from the services the endpoints call.
    const config = loadConfig({ ...process.env, ...OFFICE, DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir, LOG_LEVEL: 'error' });
    const context = await NestFactory.createApplicationContext(
      AppModule.forRoot({ config, secrets: AppSecrets.load(config), databaseUrl: server.databaseUrl }),
      { logger: ['error'] },
    );
    const metrics = context.get(MetricsService);
    const ticketsService = context.get(TicketsService);
    const targetOutcomes = context.get(TargetOutcomesService);
    const [{ id: adminId }] = (await context.get(DataSource).query(`SELECT id FROM users WHERE email = 'bench@newsdesk.test'`)) as { id: string }[];
    const admin: RequestUser = { id: adminId, email: 'bench@newsdesk.test', name: 'bench', role: 'admin', via: 'token' };
    const explained: [string, string[]][] = [
      ['summary, one year (closed days)', await explainStatements(server.databaseUrl, () => metrics.summary({ from: yearFrom, to: yesterday }))],
      ['summary, one year, by outlet (400 outlets)', await explainStatements(server.databaseUrl, () => metrics.summary({ from: yearFrom, to: yesterday, groupBy: 'outlet' }))],
      ['summary, last 30 days, by outlet', await explainStatements(server.databaseUrl, () => metrics.summary({ from: addDays(today, -29), to: today, groupBy: 'outlet' }))],
      ['summary, one year, by tier', await explainStatements(server.databaseUrl, () => metrics.summary({ from: yearFrom, to: yesterday, groupBy: 'tier' }))],
      ['summary, one year, by officer', await explainStatements(server.databaseUrl, () => metrics.summary({ from: yearFrom, to: yesterday, groupBy: 'officer' }))],
      ['summary, one year, by topic', await explainStatements(server.databaseUrl, () => metrics.summary({ from: yearFrom, to: yesterday, groupBy: 'topic' }))],
      ['summary, last 30 days, one officer, by topic (pair)', await explainStatements(server.databaseUrl, () => metrics.summary({ from: addDays(today, -29), to: today, officer, groupBy: 'topic' }))],
      ['summary, one year, one officer, by outlet (pair)', await explainStatements(server.databaseUrl, () => metrics.summary({ from: yearFrom, to: yesterday, officer, groupBy: 'outlet' }))],
      ['summary, one year, one topic, by outlet (pair)', await explainStatements(server.databaseUrl, () => metrics.summary({ from: yearFrom, to: yesterday, topic: TOPIC, groupBy: 'outlet' }))],
      [
        'summary, 13 months not month-aligned, one team, by outlet (pair)',
        await explainStatements(server.databaseUrl, () => metrics.summary({ from: addDays(today, -409), to: addDays(today, -14), team, groupBy: 'outlet' })),
      ],
      ['summary, one year, one outlet, by officer (pair)', await explainStatements(server.databaseUrl, () => metrics.summary({ from: yearFrom, to: yesterday, outlet, groupBy: 'officer' }))],
      ['summary, last 30 days, one tier, by topic (pair)', await explainStatements(server.databaseUrl, () => metrics.summary({ from: addDays(today, -29), to: today, tier: 'national', groupBy: 'topic' }))],
      ['summary, one year, one tier, by topic (pair)', await explainStatements(server.databaseUrl, () => metrics.summary({ from: yearFrom, to: yesterday, tier: 'national', groupBy: 'topic' }))],
      ['series, 90 days daily received by officer', await explainStatements(server.databaseUrl, () => metrics.series({ metric: 'received', granularity: 'day', from: addDays(today, -89), to: today, groupBy: 'officer' }))],
      [
        'series, 90 days daily received, one officer, by tier (pair, day rows)',
        await explainStatements(server.databaseUrl, () => metrics.series({ metric: 'received', granularity: 'day', from: addDays(today, -89), to: today, officer, groupBy: 'tier' })),
      ],
      ['series, one year weekly first response by outlet', await explainStatements(server.databaseUrl, () => metrics.series({ metric: 'firstResponseTime', granularity: 'week', from: yearFrom, to: today, groupBy: 'outlet' }))],
      ['list: status=open, by response target', await explainStatements(server.databaseUrl, () => ticketsService.list({ status: ['open'], sort: 'target' }, admin))],
      ['list: status=open + assignee, by deadline', await explainStatements(server.databaseUrl, () => ticketsService.list({ status: ['open'], assignee: officer, sort: 'deadline' }, admin))],
      [`search "${COMMON_WORD}" (common), by deadline`, await explainStatements(server.databaseUrl, () => ticketsService.list({ q: COMMON_WORD }, admin))],
      [`search "${RARE_WORD}" (rare), newest first`, await explainStatements(server.databaseUrl, () => ticketsService.list({ q: RARE_WORD, sort: 'created' }, admin))],
      [`search "${COMMON_WORD}" (common), by relevance`, await explainStatements(server.databaseUrl, () => ticketsService.list({ q: COMMON_WORD, sort: 'relevance' }, admin))],
      [`search a reference "nd ${typed.number}"`, await explainStatements(server.databaseUrl, () => ticketsService.list({ q: `nd ${typed.number}` }, admin))],
      [`search a bare number "${typed.number}"`, await explainStatements(server.databaseUrl, () => ticketsService.list({ q: typed.number }, admin))],
      [`search part of an address`, await explainStatements(server.databaseUrl, () => ticketsService.list({ q: `${typed.email.split('@')[0]}@` }, admin))],
      [`search a journalist's name`, await explainStatements(server.databaseUrl, () => ticketsService.list({ q: typed.journalist }, admin))],
      [`search an outlet's name`, await explainStatements(server.databaseUrl, () => ticketsService.list({ q: typed.outlet }, admin))],
      [`search "Zänzibar" (accent folded)`, await explainStatements(server.databaseUrl, () => ticketsService.list({ q: 'Zänzibar' }, admin))],
      ['targets, one year, by officer', await explainStatements(server.databaseUrl, () => targetOutcomes.outcomes({ from: yearFrom, to: today, groupBy: 'officer' }))],
      ['targets, one year, by topic', await explainStatements(server.databaseUrl, () => targetOutcomes.outcomes({ from: yearFrom, to: today, groupBy: 'topic' }))],
      [
        'target breaches, one year, one officer, national',
        await explainStatements(server.databaseUrl, () => targetOutcomes.breaches({ from: yearFrom, to: today, officer, tier: 'national' })),
      ],
      ['target breaches, one year, first page', await explainStatements(server.databaseUrl, () => targetOutcomes.breaches({ from: yearFrom, to: today }))],
    ];
    await context.close();

    process.stdout.write(
      explained
        .flatMap(([name, plans]) => [
          `<details><summary>EXPLAIN (ANALYZE, BUFFERS): ${name}</summary>`,
          '',
          ...plans.flatMap((plan) => ['```', plan, '```', '']),
          '</details>',
          '',
        ])
        .join('\n'),
    );
  } finally {
    await server.stop();
  }
}
