import { Module } from '@nestjs/common';
import { OfficeController } from './office.controller.js';
import { SettingsController } from './settings.controller.js';

@Module({ controllers: [SettingsController, OfficeController] })
export class SettingsModule {}
