import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { OutboundTicketsController } from './outbound-tickets.controller.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxService } from './outbox.service.js';
import { OutboxWorker } from './outbox.worker.js';
import { RepliesController } from './replies.controller.js';
import { RepliesService } from './replies.service.js';
import { TemplatesController } from './templates.controller.js';
import { TemplatesService } from './templates.service.js';
import { UploadsController } from './uploads.controller.js';

@Module({
  imports: [TicketsModule, MessagesModule, AttachmentsModule, ContactsModule],
  controllers: [OutboundTicketsController, RepliesController, TemplatesController, UploadsController, OutboxController],
  providers: [RepliesService, TemplatesService, OutboxService, OutboxWorker],
  exports: [OutboxWorker, RepliesService],
})
export class OutboundModule {}
