import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module.js';
import { PublicInquiriesModule } from '../public-inquiries/public-inquiries.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { TicketRecordsModule } from '../tickets/ticket-records.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyService } from './privacy.service.js';
import { RetentionWorker } from './retention.worker.js';

@Module({
  imports: [OutboundModule, PublicInquiriesModule, ContactsModule, TicketRecordsModule, MessagesModule, AttachmentsModule, IntakeModule],
  controllers: [PrivacyController],
  providers: [PrivacyService, RetentionWorker],
  exports: [PrivacyService, RetentionWorker],
})
export class PrivacyModule {}
