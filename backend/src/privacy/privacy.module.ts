import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module.js';
import { PublicInquiriesModule } from '../public-inquiries/public-inquiries.module.js';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyService } from './privacy.service.js';
import { RetentionWorker } from './retention.worker.js';

@Module({ imports: [OutboundModule, PublicInquiriesModule], controllers: [PrivacyController], providers: [PrivacyService, RetentionWorker], exports: [PrivacyService, RetentionWorker] })
export class PrivacyModule {}
