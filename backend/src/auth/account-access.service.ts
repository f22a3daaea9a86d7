import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { SessionsRepository } from './sessions.repository.js';

/**
 * Taking an account's access away, in the caller's transaction (with its event): its sessions, its
 * API tokens, its sign-in lockouts. Used by password resets and deactivation here and in users/.
 */
@Injectable()
export class AccountAccessService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly tokens: ApiTokensRepository,
    private readonly attempts: LoginAttemptsRepository,
  ) {}

  /** Ends every session of the user but `keepSessionId` (the caller's own browser), if given; how many ended. */
  endSessions(tx: EntityManager, userId: string, keepSessionId?: string): Promise<number> {
    return this.sessions.deleteAllOf(tx, userId, keepSessionId);
  }

  /** Revokes every API token of the user still in use; how many. */
  revokeApiTokens(tx: EntityManager, userId: string, at: Date): Promise<number> {
    return this.tokens.revokeAllOf(tx, userId, at);
  }

  /** Lifts every sign-in lockout on the account (the failures are forgotten). */
  clearLockout(tx: EntityManager, email: string): Promise<void> {
    return this.attempts.deleteForAccount(tx, email.trim().toLowerCase());
  }
}
