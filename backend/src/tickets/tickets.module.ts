import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { TicketDeadlinesRepository } from './ticket-deadlines.repository.js';
import { TicketReadsRepository } from './ticket-reads.repository.js';
import { TicketRefsService } from './ticket-refs.service.js';
import { TicketsController } from './tickets.controller.js';
import { TicketsRepository } from './tickets.repository.js';
import { TicketsService } from './tickets.service.js';

@Module({
  imports: [ContactsModule, MessagesModule, AttachmentsModule],
  controllers: [TicketsController],
  providers: [TicketsService, TicketRefsService, TicketsRepository, TicketReadsRepository, TicketDeadlinesRepository],
  exports: [TicketsService, TicketRefsService],
})
export class TicketsModule {}
