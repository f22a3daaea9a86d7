import { Controller, Get } from '@nestjs/common';
import type { OfficeDto } from '@newsdesk/shared';
import { AppConfig } from '../config/app-config.js';

/** The office's working settings for every signed-in user (the admin-only SettingsController has the rest). */
@Controller('office')
export class OfficeController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  get(): OfficeDto {
    return { timeZone: this.config.OFFICE_TIMEZONE };
  }
}
