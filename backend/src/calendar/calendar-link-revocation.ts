import type { EntityManager } from 'typeorm';
import { CalendarLinkRevocationRepository } from './calendar-feeds.repository.js';

/** Calendar's in-transaction entry point for the modules that take an account back (no injection: it runs in their tx). */
const links = new CalendarLinkRevocationRepository();

/** Ends a person's deadline-calendar link in the caller's transaction (a password reset takes the account back); how many were ended. */
export function revokeCalendarLink(tx: EntityManager, userId: string): Promise<number> {
  return links.deleteByUser(tx, userId);
}
