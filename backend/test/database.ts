import pg from 'pg';
import type { TestApp } from './test-app.js';

/** A direct connection to a test app's own database, for arranging state and checking what was stored. */
export async function connectDatabase(testApp: TestApp): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testApp.databaseUrl });
  await client.connect();
  return client;
}
