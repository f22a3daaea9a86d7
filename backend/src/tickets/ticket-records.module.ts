import { Module } from '@nestjs/common';
import { TicketRecordsService } from './ticket-records.service.js';
import { TicketsRepository } from './tickets.repository.js';

/** The tickets table's repository and the record-level service, without TicketsService's dependencies (contacts, notifications). */
@Module({ providers: [TicketsRepository, TicketRecordsService], exports: [TicketsRepository, TicketRecordsService] })
export class TicketRecordsModule {}
