import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
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

export async function preparedRows<Row>(dataSource: DataSource, text: string, values: unknown[], options: ReadOptions = {}): Promise<Row[]> {
  // The pool's own query (checkout, run, release) rather than a TypeORM query runner: one object less per request.
  const pool: pg.Pool = (dataSource.driver as PostgresDriver).master;
  const result = await pool.query<Row & pg.QueryResultRow>({
    ...(options.named === false ? {} : { name: statementName(text) }),
    text,
    values,
    ...(options.isoTimestamps ? { types: ISO_TIMESTAMP_TYPES } : {}),
  });
  return result.rows;
}
