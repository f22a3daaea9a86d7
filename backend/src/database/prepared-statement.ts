import { createHash } from 'node:crypto';
import type pg from 'pg';
import { EntityManager, QueryFailedError, type DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { ISO_TIMESTAMP_TYPES } from './iso-timestamps.js';

const names = new Map<string, string>();

/** The statement's name on every connection: derived from its text, so one name never means two texts. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `nd_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a read as a named prepared statement on a pooled connection. PostgreSQL then parses and
 * plans it once per connection and, after five runs, keeps a generic plan when that costs no more
 * than the custom ones: for the reads every request makes (auth lookups, the queue page), planning
 * cost several times their execution. Only for statements whose best plan does not depend on the
 * values (an equality on a unique index, a walk of the sort index); each distinct text keeps a plan
 * on each pooled connection, so the texts must come from a small fixed set.
 */
export interface ReadOptions {
  /** Rows carry timestamptz columns as ISO text (iso-timestamps.ts), for a read that only writes them back out. */
  isoTimestamps?: boolean;
  /** false: an unnamed statement, planned for its values each time (when the best plan depends on them). */
  named?: boolean;
}

/** The data source's pg pool: its own query (checkout, run, release) rather than a TypeORM query runner, one object less per request. */
function poolOf(dataSource: DataSource): pg.Pool {
  return (dataSource.driver as PostgresDriver).master as pg.Pool;
}

export async function preparedRows<Row>(dataSource: DataSource, text: string, values: unknown[], options: ReadOptions = {}): Promise<Row[]> {
  const result = await poolOf(dataSource).query<Row & pg.QueryResultRow>({
    ...(options.named === false ? {} : { name: statementName(text) }),
    text,
    values,
    ...(options.isoTimestamps ? { types: ISO_TIMESTAMP_TYPES } : {}),
  });
  return result.rows;
}

/**
 * A named prepared statement on a transaction's own connection, or on the pool (sql.ts's `{ named: true }`);
 * failures are wrapped as TypeORM wraps them, so callers that map database errors see one kind.
 */
export async function namedQuery(db: DataSource | EntityManager, text: string, values: unknown[]): Promise<pg.QueryResult> {
  const config = { name: statementName(text), text, values };
  try {
    if (db instanceof EntityManager && db.queryRunner) return await ((await db.queryRunner.connect()) as pg.PoolClient).query(config);
    return await poolOf(db instanceof EntityManager ? db.connection : db).query(config);
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
