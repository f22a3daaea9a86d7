import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { UsersModule } from '../users/users.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { TicketDeadlinesRepository } from './ticket-deadlines.repository.js';
import { TicketReadsRepository } from './ticket-reads.repository.js';
import { TicketSimilarityRepository } from './ticket-similarity.repository.js';
import { TicketRecordsModule } from './ticket-records.module.js';
import { TicketsController } from './tickets.controller.js';
import { TicketsService } from './tickets.service.js';

@Module({
  imports: [TicketRecordsModule, ContactsModule, MessagesModule, AttachmentsModule, UsersModule],
  controllers: [TicketsController],
  providers: [TicketsService, TicketReadsRepository, TicketDeadlinesRepository, TicketSimilarityRepository],
  exports: [TicketsService],
})
export class TicketsModule {}
