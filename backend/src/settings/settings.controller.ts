import { Controller, Get } from '@nestjs/common';
import type { SettingsDto } from '@newsdesk/shared';
import { Roles } from '../auth/roles.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { APP_VERSION } from '../version.js';

/** Effective server settings for admins; secrets and connection strings are never included. */
@Roles('admin')
@Controller('settings')
export class SettingsController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  get(): SettingsDto {
    return {
      version: APP_VERSION,
      publicUrl: this.config.publicUrl,
      mailDomain: this.config.MAIL_DOMAIN,
      database: this.config.DATABASE_URL ? 'external' : 'embedded',
      sessionIdleMinutes: this.config.SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: this.config.SESSION_ABSOLUTE_HOURS,
      loginMaxAttempts: this.config.LOGIN_MAX_ATTEMPTS,
      loginLockoutMinutes: this.config.LOGIN_LOCKOUT_MINUTES,
      totpRequiredRoles: this.config.totpRequiredRoles,
    };
  }
}
