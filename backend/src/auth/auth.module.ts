import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { UsersModule } from '../users/users.module.js';
import { AccountAccessModule } from './account-access.module.js';
import { AccountNoticesService } from './account-notices.service.js';
import { ApiTokensService } from './api-tokens.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LocalStrategy } from './local.strategy.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { SessionsService } from './sessions.service.js';
import { PasswordChangeService } from './password-change.service.js';
import { PrincipalCache } from './principal-cache.js';
import { PrincipalCacheInterceptor } from './principal-cache.interceptor.js';
import { PasswordResetController } from './password-reset.controller.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { PasswordResetService } from './password-reset.service.js';
import { SetupController } from './setup.controller.js';
import { SetupService } from './setup.service.js';
import { SetupTokensRepository } from './setup-tokens.repository.js';
import { UserAccessController } from './user-access.controller.js';
import { UserAccessService } from './user-access.service.js';
import { TwoFactorController, UserTwoFactorController } from './two-factor.controller.js';
import { TwoFactorRepository } from './two-factor.repository.js';
import { TwoFactorService } from './two-factor.service.js';

@Module({
  // AccountAccessModule provides the sessions, API tokens and login attempts repositories (shared with UsersModule).
  imports: [UsersModule, AccountAccessModule],
  controllers: [AuthController, PasswordResetController, SetupController, UserAccessController, TwoFactorController, UserTwoFactorController],
  providers: [AuthService, SessionsService, ApiTokensService, LoginThrottleService, LocalStrategy, SetupService, AuthGuard, UserAccessService, PasswordChangeService, TwoFactorRepository, TwoFactorService, AccountNoticesService, PasswordResetService, PasswordResetRepository, SetupTokensRepository, PrincipalCache, { provide: APP_INTERCEPTOR, useClass: PrincipalCacheInterceptor }],
  exports: [SessionsService, ApiTokensService, SetupService, AuthGuard, TwoFactorService],
})
export class AuthModule {}
