import { Module } from '@nestjs/common';
import { AccountAccessService } from './account-access.service.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { SessionsRepository } from './sessions.repository.js';

/**
 * The auth tables users/ writes through (ending sessions, revoking tokens, lifting lockouts on a reset or
 * deactivation), in a module of their own: AuthModule imports UsersModule, so UsersModule cannot import it.
 */
@Module({
  providers: [SessionsRepository, ApiTokensRepository, LoginAttemptsRepository, AccountAccessService],
  exports: [SessionsRepository, ApiTokensRepository, LoginAttemptsRepository, AccountAccessService],
})
export class AccountAccessModule {}
