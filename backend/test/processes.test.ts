import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './http-client.js';
import { freshDataDir, ServerProcess } from './server-process.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/**
 * The real processes, as an admin runs them: the server refuses bad configuration, and the CLI
 * works with the embedded PostgreSQL whether or not the server is running.
 */
describe('server and CLI processes', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    ({ dataDir, env } = freshDataDir('newsdesk-proc-'));
  });

  afterAll(async () => {
    server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => spawnSync('node', [join(DIST, 'cli.js'), ...args], { env, encoding: 'utf8', timeout: 60_000 });

  it('refuses to start on invalid configuration, listing every problem', () => {
    const result = spawnSync('node', [join(DIST, 'main.js')], {
      env: { ...env, PORT: 'eighty', MAIL_DOMAIN: 'not a domain' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration:');
    expect(result.stderr).toMatch(/PORT="eighty": .*integer/);
    expect(result.stderr).toMatch(/MAIL_DOMAIN="not a domain": must be a domain name/);
  });

  it('explains CLI usage mistakes with exit code 2', () => {
    const result = cli('user:create', '--email', 'x@press.test');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('user:create needs --email, --password and --role');
    expect(cli('no-such-command').stderr).toContain('Unknown command: no-such-command');
  });

  it('refuses a guessable password in user:create with the reasons, and creates nobody', () => {
    // The next test creates this same address: it could not if this attempt had left a user behind.
    const weak = cli('user:create', '--email', 'ana@press.test', '--password', 'password1234', '--role', 'admin');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toMatch(/too easy to guess/);
    expect(weak.stderr).not.toMatch(/\n\s+at /);
  });

  it('creates a user and a token with the server stopped, then serves them once started', async () => {
    const created = cli('user:create', '--email', 'Ana@Press.test', '--password', 'a long enough password', '--role', 'admin', '--name', 'Ana');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^created admin ana@press\.test/);

    const token = cli('token:create', '--email', 'ana@press.test');
    expect(token.status).toBe(0);
    expect(token.stdout).toMatch(/^nd_[A-Za-z0-9_-]{43}\n$/);

    server = await ServerProcess.start(env, 60_000);
    const baseUrl = server.baseUrl;
    const client = new HttpClient(baseUrl);
    expect((await client.get('/api/health')).body).toMatchObject({ status: 'ok', database: { status: 'up' } });

    // While the server runs, the CLI joins its PostgreSQL instead of starting a second one.
    const second = cli('user:create', '--email', 'sam@press.test', '--password', 'another long password', '--role', 'agent');
    expect(second.status).toBe(0);

    expect((await client.login('ana@press.test', 'a long enough password')).status).toBe(200);
    expect((await client.get('/api/tickets')).body).toEqual({ items: [], nextCursor: null });
    const withToken = new HttpClient(baseUrl);
    withToken.bearer = token.stdout.trim();
    expect((await withToken.get('/api/users')).body.map((user: { email: string }) => user.email).sort()).toEqual(['ana@press.test', 'sam@press.test']);

    expect(await server.stop()).toBe(0);
    // A clean stop leaves no running PostgreSQL behind.
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    // Several real processes start here (CLI twice with initdb, then the server): generous under a loaded CI machine.
  }, 120_000);
});
