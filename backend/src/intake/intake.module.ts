import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { ImapDoor } from './doors/imap-door.js';
import { SmtpDoor } from './doors/smtp-door.js';
import { IntakeLogService } from './intake-log.service.js';
import { IntakeController } from './intake.controller.js';
import { IntakeService } from './intake.service.js';
import { IntakeWorker } from './intake.worker.js';
import { SenderAuthService } from './sender-auth.service.js';
import { WebhookSignatureService } from './webhook-signature.service.js';

@Module({
  imports: [ContactsModule, AttachmentsModule],
  controllers: [IntakeController],
  providers: [IntakeService, IntakeLogService, IntakeWorker, SmtpDoor, ImapDoor, WebhookSignatureService, SenderAuthService],
  exports: [IntakeService, IntakeWorker, SmtpDoor, ImapDoor],
})
export class IntakeModule {}
