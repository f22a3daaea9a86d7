import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
// Jest loads global setup outside its module mapper, so this import names the .ts file itself.
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/database/embedded-postgres.ts';
import { randomTestPort } from './ports.ts';

declare global {
  var __NEWSDESK_PG__: { handle: EmbeddedPostgresHandle; dir: string } | undefined;
}

const TEMPLATE_DATABASE = 'newsdesk_template';

/**
 * One real PostgreSQL cluster for the whole run (initdb once) and an empty template database;
 * the first test file migrates the template, and every file clones it into a database of its own.
 */
export default async function globalSetup() {
  if (!process.env.TEST_DATABASE_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-test-'));
    // The server runs as the unprivileged postgres user when tests run as root: it must reach its folder.
    chmodSync(dir, 0o755);
    const port = randomTestPort();
    const handle = await startEmbeddedPostgres({ dataDir: dir, port, database: 'postgres' });
    globalThis.__NEWSDESK_PG__ = { handle, dir };
    process.env.TEST_DATABASE_URL = handle.urlFor('postgres');
  }
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
}
