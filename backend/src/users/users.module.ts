import { Module } from '@nestjs/common';
import { AccountAccessModule } from '../auth/account-access.module.js';
import { PasswordPolicy } from './password-policy.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AccountAccessModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, PasswordPolicy],
  exports: [UsersService, PasswordPolicy],
})
export class UsersModule {}
