import { Module } from '@nestjs/common';
import { PasswordPolicy } from './password-policy.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({ controllers: [UsersController], providers: [UsersService, PasswordPolicy], exports: [UsersService, PasswordPolicy] })
export class UsersModule {}
