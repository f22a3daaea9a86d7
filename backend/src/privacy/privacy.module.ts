import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module.js';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyService } from './privacy.service.js';
import { RetentionWorker } from './retention.worker.js';

@Module({ imports: [IntakeModule], controllers: [PrivacyController], providers: [PrivacyService, RetentionWorker], exports: [PrivacyService, RetentionWorker] })
export class PrivacyModule {}
