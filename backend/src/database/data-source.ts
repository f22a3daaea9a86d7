import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ADVISORY_LOCKS } from './advisory-locks.js';
import { connectionOptions, type DatabaseTimeouts } from './database-deadlines.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** TypeORM options; with `timeouts`, every connection has a connect timeout, statement_timeout and a client-side deadline. */
export function dataSourceOptions(url: string, timeouts?: DatabaseTimeouts): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: { max: 20, application_name: 'newsdesk', ...(timeouts ? connectionOptions(timeouts) : {}) },
  };
}

/**
 * Applies pending migrations under an advisory lock (replicas start together); returns the names applied.
 * `timeouts` should be the long ones: a migration may rewrite a large table, and the lock waits for another replica's.
 */
export async function runMigrations(url: string, timeouts?: DatabaseTimeouts): Promise<string[]> {
  const lock = new pg.Client({ connectionString: url, ...(timeouts ? { connectionTimeoutMillis: timeouts.connectMs, keepAlive: true } : {}) });
  await lock.connect();
  const dataSource = new DataSource(dataSourceOptions(url, timeouts));
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.migrations]);
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await lock.end();
  }
}
