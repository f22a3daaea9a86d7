import { Module } from '@nestjs/common';
import { TicketRecordsModule } from '../tickets/ticket-records.module.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagesService } from './messages.service.js';

@Module({ imports: [TicketRecordsModule], providers: [MessagesService, MessagesRepository], exports: [MessagesService] })
export class MessagesModule {}
