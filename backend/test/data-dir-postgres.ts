import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** One query on the embedded PostgreSQL of a DATA_DIR (a CLI's or server's), while it runs, as its credentials file allows. */
export async function dataDirQuery<T>(dataDir: string, port: number, sql: string, params: unknown[] = []): Promise<T[]> {
  const credentials = JSON.parse(readFileSync(join(dataDir, 'postgres-credentials.json'), 'utf8')) as { user: string; password: string };
  const client = new pg.Client({ host: '127.0.0.1', port, user: credentials.user, password: credentials.password, database: 'newsdesk' });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
