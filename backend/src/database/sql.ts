import type { DataSource, EntityManager } from 'typeorm';
import { namedQuery } from './prepared-statement.js';

/** Where a repository statement runs: the pool (autocommit) or a caller's transaction. */
export type Queryable = DataSource | EntityManager;

export interface SqlOptions {
  /**
   * A named prepared statement on the connection (prepared-statement.ts): parsed and analysed once per
   * connection, planned once when the generic plan costs no more than the custom ones. For the statements
   * every inquiry runs, whose plan does not depend on the values (lookups by key, unnest of arrays, INSERT
   * … VALUES), and whose texts come from a small set (a VALUES list has one text per row count: past
   * NAMED_PARAMS_LIMIT parameters the statement runs unnamed, so an import's large batches add no plans).
   */
  named?: boolean;
}

/** A statement with more parameters than this runs unnamed even when asked (each row count of a VALUES list is its own text). */
const NAMED_PARAMS_LIMIT = 200;

/**
 * The one typed raw-SQL call repositories use: the row interface is declared once at the method,
 * never cast at a call site. Raw SQL only where PostgreSQL needs it (CTEs, ON CONFLICT, window
 * functions, arrays); the method's name says what it does.
 */
export async function sqlRows<Row>(db: Queryable, text: string, params: readonly unknown[] = [], options: SqlOptions = {}): Promise<Row[]> {
  if (options.named && params.length <= NAMED_PARAMS_LIMIT) return (await namedQuery(db, text, params as unknown[])).rows as Row[];
  const result: unknown = await db.query(text, params as unknown[]);
  return (isUpdateResult(result) ? result[0] : result) as Row[];
}

/** The first row or null (a lookup by key, an INSERT … RETURNING). */
export async function sqlRow<Row>(db: Queryable, text: string, params: readonly unknown[] = [], options: SqlOptions = {}): Promise<Row | null> {
  const rows = await sqlRows<Row>(db, text, params, options);
  return rows[0] ?? null;
}

/**
 * A statement whose rows are not read: the affected row count for UPDATE/DELETE, the returned rows'
 * count otherwise (INSERT … RETURNING; a plain INSERT answers 0 — use RETURNING when the count matters).
 */
export async function sqlExec(db: Queryable, text: string, params: readonly unknown[] = [], options: SqlOptions = {}): Promise<number> {
  if (options.named && params.length <= NAMED_PARAMS_LIMIT) {
    const result = await namedQuery(db, text, params as unknown[]);
    // As TypeORM answers (below): the affected count for UPDATE and DELETE, the returned rows otherwise.
    return result.command === 'UPDATE' || result.command === 'DELETE' ? (result.rowCount ?? 0) : result.rows.length;
  }
  const result: unknown = await db.query(text, params as unknown[]);
  if (isUpdateResult(result)) return result[1];
  return Array.isArray(result) ? result.length : 0;
}

/** TypeORM answers UPDATE and DELETE (with or without RETURNING) as [rows, rowCount]; rows are never arrays. */
function isUpdateResult(result: unknown): result is [unknown[], number] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}
