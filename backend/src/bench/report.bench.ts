import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { MetricReportsService } from '../metrics/metric-reports.service.js';
import { machine, startServer, type BenchServer } from './harness.js';

const OFFICE = { OFFICE_TIMEZONE: 'Europe/London', OFFICE_HOURS: 'Mon-Fri 09:00-17:30', METRICS_REFRESH_SECONDS: '0' };
const fixed = (n: number) => n.toFixed(1);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function time(server: BenchServer, path: string, runs: number) {
  const once = async () => {
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 3; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

/**
 * `npm run bench -- report [tickets] [runs]`: the manager's report on a seeded history (default
 * 100,000 tickets): the missed-deadline list, the period comparison, the 13-month hit rate and the
 * digest preview, each against the plain 30-day summary in the same run, with the misses' plan.
 */
export async function report(args: string[]) {
  const tickets = Number(args[0] ?? 100_000);
  const runs = Number(args[1] ?? 30);
  const keepDir = process.env.BENCH_DATA_DIR || undefined;
  const server = await startServer(OFFICE, keepDir);
  try {
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    const [{ seeded }] = (await db.query(`SELECT count(*)::int AS seeded FROM tickets`)).rows as { seeded: number }[];
    const tomorrow = addDays(new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE.OFFICE_TIMEZONE }).format(new Date()), 1);
    const seedNote = join(server.dataDir, 'bench-seed.txt');
    if (seeded && seeded !== tickets) throw new Error(`BENCH_DATA_DIR holds ${seeded} tickets, not ${tickets}`);
    let seedLine = existsSync(seedNote) ? readFileSync(seedNote, 'utf8') : `seed of ${seeded} tickets`;
    if (!seeded) {
      const started = performance.now();
      seedLine = `${server.cli('seed', '--tickets', String(tickets), '--seed', 'bench', '--end', tomorrow)}; ${fixed((performance.now() - started) / 1000)} s wall time`;
      writeFileSync(seedNote, seedLine);
    }
    await db.query(`VACUUM (ANALYZE) tickets, metric_facts, metric_rollups, metric_rollup_histograms`);
    const [{ today }] = (await db.query(`SELECT (now() AT TIME ZONE 'Europe/London')::date::text AS today`)).rows as { today: string }[];
    const [{ officer }] = (await db.query(`SELECT assignee_id AS officer FROM tickets WHERE assignee_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)).rows as { officer: string }[];
    // The officer with the fewest misses: a filter the list must walk furthest for.
    const [{ rare }] = (
      await db.query(`SELECT officer AS rare FROM metric_facts WHERE kind = 'deadline_missed' AND officer IS NOT NULL GROUP BY 1 ORDER BY count(*) LIMIT 1`)
    ).rows as { rare: string }[];
    const [facts] = (
      await db.query(
        `SELECT count(*)::int AS facts, count(*) FILTER (WHERE kind = 'deadline_missed')::int AS missed,
                count(*) FILTER (WHERE kind = 'deadline_missed' AND day > $1::date - 30)::int AS missed_30 FROM metric_facts`,
        [today],
      )
    ).rows as { facts: number; missed: number; missed_30: number }[];
    await db.end();

    const yearFrom = addDays(today, -364);
    const monthFrom = addDays(today, -29);
    const cases: [string, string][] = [
      ['summary, last 30 days (the baseline)', `/api/metrics/summary?from=${monthFrom}&to=${today}`],
      ['comparison, last 30 days against the 30 before', `/api/metrics/comparison?from=${monthFrom}&to=${today}`],
      ['deadline misses, last 30 days, first page (50)', `/api/metrics/deadline-misses?from=${monthFrom}&to=${today}`],
      ['deadline misses, one year, first page (50)', `/api/metrics/deadline-misses?from=${yearFrom}&to=${today}`],
      ['deadline misses, one year, 200 a page', `/api/metrics/deadline-misses?from=${yearFrom}&to=${today}&limit=200`],
      ['deadline misses, one year, busiest officer', `/api/metrics/deadline-misses?from=${yearFrom}&to=${today}&officer=${officer}`],
      ['deadline misses, one year, officer with the fewest misses', `/api/metrics/deadline-misses?from=${yearFrom}&to=${today}&officer=${rare}`],
      ['deadline misses, one year, tier national', `/api/metrics/deadline-misses?from=${yearFrom}&to=${today}&tier=national`],
      ['hit rate, 13 months by month', `/api/metrics/series?metric=deadlineHitRate&granularity=month&from=${addDays(today, -400)}&to=${today}`],
      ['digest preview, weekly (all misses of the week, stories, chart)', `/api/metrics/digest-preview?frequency=weekly`],
    ];
    const timings = [];
    for (const [name, path] of cases) timings.push({ name, ...(await time(server, path, runs)) });
    const base = timings[0].p95;
    process.stdout.write(
      [
        `### report (${new Date().toISOString().slice(0, 10)}; ${machine()})`,
        '',
        `Built server + embedded PostgreSQL, office Europe/London. \`npm run cli -- seed --tickets ${tickets} --seed bench\`${seeded ? ' (reused)' : ''}: ${seedLine}. ` +
          `${facts.facts} stored facts, ${facts.missed} missed deadlines (${facts.missed_30} in the last 30 days). Each request ${runs} times after 3 warm-ups, one client, over HTTP.`,
        '',
        '| request | median ms | p95 ms | p95 ÷ summary p95 |',
        '| --- | ---: | ---: | ---: |',
        ...timings.map((t) => `| ${t.name} | ${fixed(t.median)} | ${fixed(t.p95)} | ${(t.p95 / base).toFixed(2)} |`),
        '',
      ].join('\n'),
    );

    // The misses' statements, as the service issues them.
    const config = loadConfig({ ...process.env, ...OFFICE, DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir, LOG_LEVEL: 'error' });
    const context = await NestFactory.createApplicationContext(AppModule.forRoot({ config, secrets: AppSecrets.load(config), databaseUrl: server.databaseUrl }), { logger: ['error'] });
    const reports = context.get(MetricReportsService);
    const captured: { sql: string; params: unknown[] }[] = [];
    const original = PostgresQueryRunner.prototype.query;
    PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, sql: string, params?: unknown[], ...rest: unknown[]) {
      if (/deadline_missed/.test(sql)) captured.push({ sql, params: params ?? [] });
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, sql, params, ...rest);
    } as typeof original;
    try {
      await reports.deadlineMisses({ from: yearFrom, to: today });
      await reports.deadlineMisses({ from: yearFrom, to: today, officer });
      await reports.deadlineMisses({ from: yearFrom, to: today, officer: rare });
    } finally {
      PostgresQueryRunner.prototype.query = original;
    }
    await context.close();
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    for (const [index, { sql, params }] of captured.entries()) {
      const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
      process.stdout.write([`<details><summary>EXPLAIN (ANALYZE, BUFFERS): deadline misses, one year${['', ', busiest officer', ', officer with the fewest misses'][index] ?? ''}</summary>`, '', '```', plan, '```', '', '</details>', ''].join('\n'));
    }
    await client.end();
  } finally {
    await server.stop();
  }
}
