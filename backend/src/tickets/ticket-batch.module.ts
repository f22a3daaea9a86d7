import { Module } from '@nestjs/common';
import { TicketBatchRepository } from './ticket-batch.repository.js';
import { TicketBatchService } from './ticket-batch.service.js';

/** The tickets side of the intake's batch writes (its own module, so tickets.module.ts stays as it is). */
@Module({ providers: [TicketBatchRepository, TicketBatchService], exports: [TicketBatchService] })
export class TicketBatchModule {}
