import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';

/** How much longer than statement_timeout the client waits before it stops trusting the server to answer at all. */
export const CLIENT_GRACE_MS = 5_000;

export interface DatabaseTimeouts {
  connectMs: number;
  statementMs: number;
  idleInTransactionMs: number;
}

/** The server's request work gets short timeouts; the CLI (seed, metrics:rebuild, import) the long one. */
export function databaseTimeouts(config: AppConfig, work: 'requests' | 'long'): DatabaseTimeouts {
  const long = work === 'long';
  return {
    connectMs: config.DB_CONNECT_TIMEOUT_MS,
    statementMs: long ? config.DB_LONG_STATEMENT_TIMEOUT_MS : config.DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: long ? Math.max(config.DB_LONG_STATEMENT_TIMEOUT_MS, config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS) : config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

/** Options for pg (and pg-pool, which passes them to each client) that bound every wait on the server. */
export function connectionOptions(timeouts: DatabaseTimeouts) {
  return {
    Client: DeadlineClient,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    deadlineMs: timeouts.statementMs + CLIENT_GRACE_MS,
    keepAlive: true,
    // TCP probes find a vanished host (a frozen server's kernel still answers them: the deadlines cover that).
    keepAliveInitialDelayMillis: 30_000,
  };
}

export class DatabaseTimeoutError extends Error {
  constructor(readonly ms: number, what = 'the database') {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

export interface DeadlineClientConfig extends pg.ClientConfig {
  /** A query unanswered this long closes the connection; 0 waits forever. */
  deadlineMs?: number;
}

type QueryCallback = (error: Error | null, result?: unknown) => void;

/**
 * A pg client that gives up on a query the server does not answer in time (a frozen or unreachable
 * server never fires statement_timeout) and closes its connection, so the pool never hands out a
 * connection still busy with, or inside the transaction of, an abandoned query.
 */
export class DeadlineClient extends pg.Client {
  readonly defaultDeadlineMs: number;
  deadlineMs: number;

  constructor(config: DeadlineClientConfig = {}) {
    super(config);
    this.defaultDeadlineMs = this.deadlineMs = config.deadlineMs ?? 0;
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => this.bounded(query, args)) as pg.Client['query'];
  }

  private bounded(query: (...args: unknown[]) => unknown, args: unknown[]): unknown {
    const ms = this.deadlineMs;
    const first = args[0] as { submit?: unknown } | undefined;
    // Cursors and streams manage their own reads.
    if (!ms || typeof first?.submit === 'function') return query(...args);
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as QueryCallback;
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        this.abandon();
        callback(new DatabaseTimeoutError(ms));
      }, ms);
      return query(...args.slice(0, -1), (error: Error | null, result?: unknown) => {
        if (expired) return;
        clearTimeout(timer);
        callback(error, result);
      });
    }
    const pending = query(...args) as Promise<unknown>;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new DatabaseTimeoutError(ms));
        this.abandon();
      }, ms);
      pending.then(
        (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** end() with a query in flight destroys the socket: the server drops the session (and any open transaction) once it runs again. */
  private abandon(): void {
    this.end().catch(() => undefined);
  }
}

/**
 * Runs `work` on one pooled connection within `ms`, checkout included: past it the caller gets a
 * DatabaseTimeoutError and the connection is closed rather than returned to the pool.
 */
export async function withDeadline<T>(dataSource: DataSource, ms: number, what: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  let expired = false;
  const attempt = (async () => {
    try {
      const client: unknown = await runner.connect();
      if (expired) throw new DatabaseTimeoutError(ms, what);
      const bounded = client instanceof DeadlineClient ? client : null;
      if (bounded) bounded.deadlineMs = ms;
      try {
        return await work(runner.manager);
      } finally {
        if (bounded) bounded.deadlineMs = bounded.defaultDeadlineMs;
      }
    } finally {
      await runner.release();
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(new DatabaseTimeoutError(ms, what));
    }, ms);
  });
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
    attempt.catch(() => undefined);
  }
}

/**
 * A transaction for long legitimate work inside the server (metric rollups): its statements may run
 * up to `ms` each, however short the server's request timeouts are.
 */
export async function longTransaction<T>(dataSource: DataSource, ms: number, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client: unknown = await runner.connect();
  const bounded = client instanceof DeadlineClient ? client : null;
  if (bounded) bounded.deadlineMs = Math.max(bounded.defaultDeadlineMs, ms + CLIENT_GRACE_MS);
  try {
    await runner.startTransaction();
    try {
      await runner.query(`SELECT set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $1, true)`, [String(ms)]);
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    if (bounded) bounded.deadlineMs = bounded.defaultDeadlineMs;
    await runner.release();
  }
}
