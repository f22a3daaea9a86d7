import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './http-client.js';
import { randomTestPort } from './ports.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

export function requireBuild(): void {
  if (!existsSync(join(DIST, 'main.js')) || !existsSync(join(DIST, 'cli.js'))) {
    throw new Error('backend/dist is missing: these tests run the built server and CLI; run `npm run build -w backend` (the root `npm test` does)');
  }
}

/**
 * A fresh data folder (open to the embedded PostgreSQL's own user) and the environment a built server or CLI
 * runs on in it: embedded PostgreSQL on a random port, HTTP and SMTP on the next two, quiet logs.
 */
export function freshDataDir(prefix: string): { dataDir: string; env: NodeJS.ProcessEnv } {
  requireBuild();
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dataDir, 0o755);
  const port = randomTestPort(3);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(port),
    PORT: String(port + 1),
    SMTP_PORT: String(port + 2),
    SMTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  };
  return { dataDir, env };
}

/** One line of `cli import --json`: a file's outcome. */
export interface ImportLine {
  file: string;
  outcome: string;
  ticket: string | null;
  messageId: string | null;
  error: string | null;
}

/** The JSON lines `cli import --json` wrote to stdout. */
export const importLines = (stdout: string): ImportLine[] => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as ImportLine);

/** Runs the built CLI with `env`; throws with its stderr when it fails. */
export function runCli(env: NodeJS.ProcessEnv, ...args: string[]): string {
  const result = spawnSync('node', [join(DIST, 'cli.js'), ...args], { env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`cli ${args[0]} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** One built server process (`node dist/main.js`), as an operator runs each replica. */
export class ServerProcess {
  private stderr = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-20_000);
    });
    this.exited = new Promise((resolve) => child.on('exit', resolve));
  }

  /**
   * Starts the server with `env` on top of the test's environment; resolves once it has printed its startup
   * summary (every door listens: the block ends with "Stop") and /api/health answers ok.
   */
  static async start(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ServerProcess> {
    const child = spawn('node', [join(DIST, 'main.js')], { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const server = new ServerProcess(child, `http://127.0.0.1:${env.PORT}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const check = () => /Stop\s/.test(server.stderr) && resolve();
        child.stderr!.on('data', check);
        check();
        child.once('exit', (code) => reject(new Error(`server exited ${code} during start: ${server.stderr}`)));
        timer = setTimeout(() => reject(new Error(`server did not print its startup summary within ${timeoutMs} ms: ${server.stderr}`)), timeoutMs);
      });
    } catch (error) {
      server.kill();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const health = await new HttpClient(server.baseUrl).get('/api/health');
    if (health.status !== 200) {
      server.kill();
      throw new Error(`server started but /api/health answered ${health.status}: ${JSON.stringify(health.body)}`);
    }
    return server;
  }

  /** SIGTERM and the exit code of the graceful shutdown. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
