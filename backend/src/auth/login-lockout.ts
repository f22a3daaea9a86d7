import type { EntityManager } from 'typeorm';
import { LoginAttempt } from './login-attempt.entity.js';

/** Lifts every sign-in lockout on one account (an admin reset its password), inside the caller's transaction. */
export async function clearLockout(manager: EntityManager, email: string): Promise<void> {
  await manager.delete(LoginAttempt, { email: email.trim().toLowerCase() });
}
