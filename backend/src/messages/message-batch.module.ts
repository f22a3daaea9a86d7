import { Module } from '@nestjs/common';
import { TicketRecordsModule } from '../tickets/ticket-records.module.js';
import { MessageBatchRepository } from './message-batch.repository.js';
import { MessageBatchService } from './message-batch.service.js';

/** The messages side of the intake's batch writes. */
@Module({ imports: [TicketRecordsModule], providers: [MessageBatchRepository, MessageBatchService], exports: [MessageBatchService] })
export class MessageBatchModule {}
