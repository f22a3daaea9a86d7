import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchServer {
  baseUrl: string;
  token: string;
  smtpPort: number;
  dataDir: string;
  /** URL of the server's embedded PostgreSQL `newsdesk` database. */
  databaseUrl: string;
  /** The environment the server runs with, for CLI processes beside it. */
  env: NodeJS.ProcessEnv;
  cli(...args: string[]): string;
  /** CPU time (user + system) the server's Node process has used so far, in ms, from /proc. */
  cpuMs(): number;
  /** CPU time (ms) of the server's live threads so far, summed by thread name (MainThread, the worker threads, libuv's pool …). */
  threadCpuMs(): Record<string, number>;
  /** CPU time (user + system) of the embedded PostgreSQL so far, in ms: the postmaster, its live backends and those that exited. */
  postgresCpuMs(): number;
  /** The same by kind of process (postmasterCpuByKind). */
  postgresCpuByKind(): Record<string, number>;
  /** The server's main-thread event-loop delay since the last call (ms), from event-loop-monitor.ts preloaded into it. */
  eventLoopDelay(): Promise<{ p50: number; p99: number; max: number; count: number }>;
  stop(): Promise<void>;
}

/** user + system CPU of a process in ms (Linux /proc; the clock tick is 100 Hz here). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at state; utime and stime are the 14th and 15th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** user + system CPU of each live thread of a process, summed by thread name, in ms. */
export function threadCpuMs(pid: number): Record<string, number> {
  const byName: Record<string, number> = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName[name] = (byName[name] ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      // the thread ended while listed
    }
  }
  return byName;
}

/** user + system CPU of a PostgreSQL postmaster and its children (live ones from /proc, exited ones from its cutime/cstime), in ms. */
export function postmasterCpuMs(clusterDir: string): number {
  const pid = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while listed
    }
    // After the command name: state, ppid, … utime, stime, cutime, cstime are fields 12-15 from there.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(entry) === pid) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    else if (Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / 100;
}

/**
 * CPU (ms) of a PostgreSQL postmaster's processes by kind: client backends, autovacuum workers, I/O workers, the
 * WAL writer, checkpointer and other helpers (live ones, by their process title), and `exited` (children gone
 * since: short-lived autovacuum workers and closed connections), `postmaster` itself.
 */
export function postmasterCpuByKind(clusterDir: string): Record<string, number> {
  const pid = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const byKind: Record<string, number> = {};
  const add = (kind: string, ticks: number) => (byKind[kind] = (byKind[kind] ?? 0) + (ticks * 1000) / 100);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let title: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue; // exited while listed
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(entry) === pid) {
      add('postmaster', Number(fields[11]) + Number(fields[12]));
      add('exited', Number(fields[13]) + Number(fields[14]));
    } else if (Number(fields[1]) === pid) {
      const kind = /^postgres: (autovacuum worker|autovacuum launcher|walwriter|checkpointer|background writer|io worker|logical replication launcher)/.exec(title)?.[1] ?? 'client backends';
      add(kind, Number(fields[11]) + Number(fields[12]));
    }
  }
  return byKind;
}

/**
 * The built server as a separate process on a scratch DATA_DIR (embedded PostgreSQL), with an admin token.
 * With `keepDir` the data directory is that path and is kept afterwards, so a large seed can be reused.
 */
export async function startServer(extraEnv: Record<string, string> = {}, keepDir?: string): Promise<BenchServer> {
  const dataDir = keepDir ?? mkdtempSync(join(tmpdir(), 'newsdesk-bench-'));
  if (keepDir) mkdirSync(keepDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  // Below Linux's ephemeral range (32768-60999), where an outgoing connection may hold a port when the server binds it.
  const port = 20000 + Math.floor(Math.random() * (32768 - 20000 - 3));
  const loopFile = join(dataDir, 'event-loop.json');
  const env = { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port), PORT: String(port + 1), SMTP_PORT: String(port + 2), SMTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extraEnv };
  const cli = (...args: string[]) => {
    const result = spawnSync('node', [join(DIST, 'cli.js'), ...args], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  };
  const existing = keepDir && existsSync(join(dataDir, 'postgres-credentials.json'));
  if (!existing) cli('user:create', '--email', 'bench@newsdesk.test', '--password', 'benchmark password', '--role', 'admin');
  const token = cli('token:create', '--email', 'bench@newsdesk.test');
  // BENCH_PG_STATEMENTS=1 loads pg_stat_statements into the bench's own cluster (never the product's): per-statement costs.
  if (process.env.BENCH_PG_STATEMENTS) {
    appendFileSync(
      join(dataDir, 'postgres', 'postgresql.auto.conf'),
      "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = 'all'\npg_stat_statements.track_planning = on\ntrack_functions = 'all'\n",
    );
  }
  const server: ChildProcess = spawn('node', ['--import', join(DIST, 'bench', 'event-loop-monitor.js'), join(DIST, 'main.js')], {
    // BENCH_SERVER_NODE_OPTIONS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) goes to the server process only, to profile it.
    env: { ...env, EVENT_LOOP_FILE: loopFile, ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}) },
    // BENCH_SERVER_LOG names a file for the server's log (warnings and errors; LOG_LEVEL=warn).
    stdio: ['ignore', process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port + 1}`;
  for (let attempt = 0; attempt < 120; attempt++) {
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const credentials = JSON.parse(readFileSync(join(dataDir, 'postgres-credentials.json'), 'utf8')) as { user: string; password: string };
  return {
    baseUrl,
    token,
    smtpPort: port + 2,
    dataDir,
    databaseUrl: `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/newsdesk`,
    env,
    cli,
    cpuMs: () => processCpuMs(server.pid!),
    threadCpuMs: () => threadCpuMs(server.pid!),
    postgresCpuMs: () => postmasterCpuMs(join(dataDir, 'postgres')),
    postgresCpuByKind: () => postmasterCpuByKind(join(dataDir, 'postgres')),
    eventLoopDelay: async () => {
      rmSync(loopFile, { force: true });
      server.kill('SIGUSR2');
      // The monitor writes the file in place: under load it can be seen before its JSON is complete.
      const complete = () => existsSync(loopFile) && readFileSync(loopFile, 'utf8').trim().endsWith('}');
      for (let attempt = 0; attempt < 250 && !complete(); attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
      return JSON.parse(readFileSync(loopFile, 'utf8')) as { p50: number; p99: number; max: number; count: number };
    },
    stop: async () => {
      const exited = new Promise((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      if (!keepDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Closed-loop load: `connections` keep-alive clients each sending the next request when the last one answers. */
export async function load(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const request = http.get(url, { agent, headers }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode !== 200) errors++;
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      request.on('error', () => {
        errors++;
        resolve();
      });
    });
  const began = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}
