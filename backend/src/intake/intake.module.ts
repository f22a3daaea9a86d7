import { Module } from '@nestjs/common';
import { AttachmentBatchModule } from '../attachments/attachment-batch.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { JournalistBatchModule } from '../contacts/journalist-batch.module.js';
import { MessageBatchModule } from '../messages/message-batch.module.js';
import { OutboundIntakeModule } from '../outbound/outbound-intake.module.js';
import { TicketBatchModule } from '../tickets/ticket-batch.module.js';
import { ImapDoor } from './doors/imap-door.js';
import { SmtpDoor } from './doors/smtp-door.js';
import { ImapFolderStateRepository } from './imap-folder-state.repository.js';
import { IntakeLogRepository } from './intake-log.repository.js';
import { IntakeLogService } from './intake-log.service.js';
import { IntakeLookupsRepository } from './intake-lookups.repository.js';
import { IntakeParseService } from './intake-parse.service.js';
import { IntakeRouteService } from './intake-route.service.js';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';
import { IntakeWorker } from './intake.worker.js';
import { NewTicketsService } from './new-tickets.service.js';
import { RawMessagesRepository } from './raw-messages.repository.js';
import { SenderAuthService } from './sender-auth.service.js';
import { WebhookSignatureService } from './webhook-signature.service.js';
import { WebhookSignaturesRepository } from './webhook-signatures.repository.js';

@Module({
  imports: [ContactsModule, AttachmentsModule, JournalistBatchModule, TicketBatchModule, MessageBatchModule, AttachmentBatchModule, OutboundIntakeModule],
  controllers: [IntakeController],
  providers: [
    IntakeService,
    IntakeParseService,
    IntakeRouteService,
    NewTicketsService,
    RawMessagesRepository,
    IntakeLookupsRepository,
    IntakeLogService,
    IntakeLogRepository,
    ImapFolderStateRepository,
    IntakeWorker,
    SmtpDoor,
    ImapDoor,
    WebhookSignatureService,
    WebhookSignaturesRepository,
    SenderAuthService,
  ],
  exports: [IntakeService, IntakeWorker, SmtpDoor, ImapDoor],
})
export class IntakeModule {}
