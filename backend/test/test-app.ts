import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { createLogger } from '../src/common/logger.js';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import { AppSecrets } from '../src/config/app-secrets.js';
import { ADVISORY_LOCKS } from '../src/database/advisory-locks.js';
import { runMigrations } from '../src/database/data-source.js';
import { DnsTable } from './dns-table.js';

const TEMPLATE_DATABASE = 'newsdesk_template';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  databaseUrl: string;
  close(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (global setup starts PostgreSQL)');
  return url;
}

/** A fresh database cloned from the migrated template: test files never share data. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `nd_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    // Serialised: the first file migrates the template, and cloning needs nobody else connected to it.
    await admin.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.testTemplate]);
    await runMigrations(adminUrl().replace(/\/[^/]+$/, `/${TEMPLATE_DATABASE}`));
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    url: adminUrl().replace(/\/[^/]+$/, `/${name}`),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Boots the real application on its own database and a random port; DNS answers from `dns` (empty unless given). */
export async function createTestApp(env: Record<string, string> = {}, dns: DnsTable = new DnsTable()): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    APP_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    MAIL_DOMAIN: 'newsdesk.test',
    // Existing tests expect replies to leave at once; the undo-send tests set their own window.
    REPLY_UNDO_SECONDS: '0',
    // Unset, it would be the machine's zone: tests read the same on every developer's machine.
    OFFICE_TIMEZONE: 'UTC',
    ...env,
  });
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp({ config, secrets: AppSecrets.load(config), logger, databaseUrl: database.url, dnsResolver: dns.resolver });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl: database.url,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
