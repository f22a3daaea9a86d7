import { Module } from '@nestjs/common';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyService } from './privacy.service.js';
import { RetentionWorker } from './retention.worker.js';

@Module({ controllers: [PrivacyController], providers: [PrivacyService, RetentionWorker], exports: [PrivacyService, RetentionWorker] })
export class PrivacyModule {}
