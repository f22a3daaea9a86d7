import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../src/database/data-source.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/database/embedded-postgres.js';
import { randomTestPort } from './ports.js';

/**
 * A migrated PostgreSQL cluster of a test file's own, for tests that freeze, kill or restart the
 * server: doing that to the shared test cluster would take every other test file down with it.
 */
export class PrivatePostgres {
  private handle: EmbeddedPostgresHandle | null = null;
  private readonly pgDir = mkdtempSync(join(tmpdir(), 'newsdesk-private-pg-'));
  private readonly port = randomTestPort();

  /** The cluster's folder (postmaster.pid lives here). */
  readonly clusterDir = join(this.pgDir, 'postgres');

  get url(): string {
    if (!this.handle) throw new Error('the private PostgreSQL is not running');
    return this.handle.url;
  }

  async start(): Promise<this> {
    // The server runs as the unprivileged postgres user when tests run as root: it must reach its folder.
    chmodSync(this.pgDir, 0o755);
    this.handle = await startEmbeddedPostgres({ dataDir: this.pgDir, port: this.port, database: 'newsdesk' });
    await runMigrations(this.handle.url);
    return this;
  }

  /** A real restart: the server shuts down (every connection is closed), then starts again on the same folder and port. */
  async restart(): Promise<void> {
    await this.handle?.stop();
    this.handle = await startEmbeddedPostgres({ dataDir: this.pgDir, port: this.port, database: 'newsdesk' });
  }

  async stop(): Promise<void> {
    await this.handle?.stop();
    this.handle = null;
    rmSync(this.pgDir, { recursive: true, force: true });
  }
}
