import type { DataSource } from 'typeorm';

/**
 * Every PostgreSQL advisory-lock key Newsdesk takes. Two uses of one key block each other for no reason
 * (retention and outlet domain edits once shared 7_242_010), so keys live here only: advisory-locks.spec.ts
 * checks they are unique and that no other file writes a key or calls a lock function with a literal.
 */

/** Single bigint keys, one lock each. */
export const ADVISORY_LOCKS = {
  /** Migrations run once when replicas start together (session lock, data-source.ts). */
  migrations: 7_242_001,
  /** Tests: the first test file migrates the template database while the others wait (test-app.ts). */
  testTemplate: 7_242_002,
  /** Outlet domain changes, so two outlets never claim one domain (transaction lock). */
  outletDomains: 7_242_010,
  /** Journalist address changes, so two journalists never share an address (transaction lock). */
  journalistAddresses: 7_242_011,
  /** The daily retention pass runs on one replica (session try-lock). */
  retention: 7_242_012,
  /** Web-form rate-limit counts (transaction lock). */
  webFormThrottle: 7_242_101,
  /** Metric rollups: one writer at a time (transaction lock). */
  metricRollups: 7_242_106,
  /** Password-reset request counts (transaction lock). */
  passwordReset: 7_242_140,
  /** The office calendar (OFFICE_HOURS → office_calendar) is rewritten by one replica at a time (transaction lock). */
  officeCalendar: 7_242_530,
  /** Response-target changes and the recomputation of waiting tickets, one at a time (transaction lock). */
  responseTargets: 7_242_531,
} as const;

/**
 * Namespaces for two-key locks `(namespace, hashtext(value))`: one lock per value without sharing the
 * single-key space. int4, as PostgreSQL's two-key form requires.
 */
export const ADVISORY_LOCK_NAMESPACES = {
  /** One IMAP mailbox is watched by one replica; the value is the mailbox's name (session try-lock). */
  imapMailbox: 7_242_020,
  /** One message per normalised Message-ID across doors and replicas (transaction lock). */
  messageId: 7_242_021,
  /** One sender of a statement to one target at a time; the value is the target's id (session lock). */
  statementSend: 7_242_030,
  /** Acknowledgement rate count per recipient address (transaction lock). */
  acknowledgement: 7_242_103,
} as const;

/**
 * Runs `work` while holding a session try-lock on its own pooled connection: null (nothing run) when
 * another replica holds it. The lock is released even when the work throws, before the connection goes back.
 */
export async function withSessionTryLock<T>(dataSource: DataSource, key: number, work: () => Promise<T>): Promise<T | null> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as { locked: boolean }[];
    if (!row?.locked) return null;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await runner.release();
  }
}
