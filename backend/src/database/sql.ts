import type { DataSource, EntityManager } from 'typeorm';

/** Where a repository statement runs: the pool (autocommit) or a caller's transaction. */
export type Queryable = DataSource | EntityManager;

/**
 * The one typed raw-SQL call repositories use: the row interface is declared once at the method,
 * never cast at a call site. Raw SQL only where PostgreSQL needs it (CTEs, ON CONFLICT, window
 * functions, arrays); the method's name says what it does.
 */
export async function sqlRows<Row>(db: Queryable, text: string, params: readonly unknown[] = []): Promise<Row[]> {
  const result: unknown = await db.query(text, params as unknown[]);
  return (isUpdateResult(result) ? result[0] : result) as Row[];
}

/** The first row or null (a lookup by key, an INSERT … RETURNING). */
export async function sqlRow<Row>(db: Queryable, text: string, params: readonly unknown[] = []): Promise<Row | null> {
  const rows = await sqlRows<Row>(db, text, params);
  return rows[0] ?? null;
}

/**
 * A statement whose rows are not read: the affected row count for UPDATE/DELETE, the returned rows'
 * count otherwise (INSERT … RETURNING; a plain INSERT answers 0 — use RETURNING when the count matters).
 */
export async function sqlExec(db: Queryable, text: string, params: readonly unknown[] = []): Promise<number> {
  const result: unknown = await db.query(text, params as unknown[]);
  if (isUpdateResult(result)) return result[1];
  return Array.isArray(result) ? result.length : 0;
}

/** TypeORM answers UPDATE and DELETE (with or without RETURNING) as [rows, rowCount]; rows are never arrays. */
function isUpdateResult(result: unknown): result is [unknown[], number] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}
