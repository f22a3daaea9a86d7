import type { EntityManager } from 'typeorm';

/** Ends a person's deadline-calendar link in the caller's transaction (a password reset takes the account back); how many were ended. */
export async function revokeCalendarLink(tx: EntityManager, userId: string): Promise<number> {
  // TypeORM answers a DELETE … RETURNING with [rows, count].
  const [, count]: [unknown[], number] = await tx.query('DELETE FROM calendar_feed_tokens WHERE user_id = $1 RETURNING id', [userId]);
  return count;
}
