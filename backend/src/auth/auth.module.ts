import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '../users/users.module.js';
import { AccountNoticesService } from './account-notices.service.js';
import { ApiTokensService } from './api-tokens.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LocalStrategy } from './local.strategy.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { SessionsService } from './sessions.service.js';
import { SetupController } from './setup.controller.js';
import { SetupService } from './setup.service.js';
import { TwoFactorController, UserTwoFactorController } from './two-factor.controller.js';
import { TwoFactorRepository } from './two-factor.repository.js';
import { TwoFactorService } from './two-factor.service.js';
import { Clock } from '../common/clock.js';

@Module({
  imports: [PassportModule, UsersModule],
  controllers: [AuthController, SetupController, TwoFactorController, UserTwoFactorController],
  providers: [AuthService, SessionsService, ApiTokensService, LoginThrottleService, LocalStrategy, SetupService, AuthGuard, Clock, TwoFactorRepository, TwoFactorService, AccountNoticesService],
  exports: [SessionsService, ApiTokensService, SetupService, AuthGuard, Clock, TwoFactorService],
})
export class AuthModule {}
