import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module.js';
import { OutboundModule } from '../outbound/outbound.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { UsersModule } from '../users/users.module.js';
import { StatementApprovalsController } from './statement-approvals.controller.js';
import { StatementDeliveriesService } from './statement-deliveries.service.js';
import { StatementsController } from './statements.controller.js';
import { StatementsRepository } from './statements.repository.js';
import { StatementsService } from './statements.service.js';
import { TicketStatementsController } from './ticket-statements.controller.js';

@Module({
  imports: [TicketsModule, OutboundModule, UsersModule, ContactsModule],
  controllers: [StatementsController, TicketStatementsController, StatementApprovalsController],
  providers: [StatementsService, StatementDeliveriesService, StatementsRepository],
  exports: [StatementDeliveriesService],
})
export class StatementsModule {}
