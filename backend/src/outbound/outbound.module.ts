import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { UsersModule } from '../users/users.module.js';
import { OutboundTicketsController } from './outbound-tickets.controller.js';
import { OutboundErasureRepository } from './outbound-erasure.repository.js';
import { OutboundErasureService } from './outbound-erasure.service.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';
import { OutboxWorker } from './outbox.worker.js';
import { RepliesController } from './replies.controller.js';
import { RepliesService } from './replies.service.js';
import { TemplatesController } from './templates.controller.js';
import { TemplatesRepository } from './templates.repository.js';
import { TemplatesService } from './templates.service.js';
import { UploadsRepository } from './uploads.repository.js';
import { UploadsController } from './uploads.controller.js';

@Module({
  imports: [TicketsModule, MessagesModule, AttachmentsModule, ContactsModule, UsersModule],
  controllers: [OutboundTicketsController, RepliesController, TemplatesController, UploadsController, OutboxController],
  providers: [RepliesService, TemplatesService, OutboxService, OutboxWorker, OutboxRepository, TemplatesRepository, UploadsRepository, OutboundErasureService, OutboundErasureRepository],
  exports: [OutboxWorker, RepliesService, OutboundErasureService],
})
export class OutboundModule {}
