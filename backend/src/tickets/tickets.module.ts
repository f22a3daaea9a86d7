import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module.js';
import { UsersModule } from '../users/users.module.js';
import { TicketDeadlinesRepository } from './ticket-deadlines.repository.js';
import { TicketsController } from './tickets.controller.js';
import { TicketsService } from './tickets.service.js';

@Module({ imports: [ContactsModule, UsersModule], controllers: [TicketsController], providers: [TicketsService, TicketDeadlinesRepository], exports: [TicketsService, TicketDeadlinesRepository] })
export class TicketsModule {}
