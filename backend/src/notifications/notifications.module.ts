import { Global, Module } from '@nestjs/common';
import { TicketRecordsModule } from '../tickets/ticket-records.module.js';
import { UsersModule } from '../users/users.module.js';
import { NotificationsService } from './notifications.service.js';

@Global()
@Module({ imports: [UsersModule, TicketRecordsModule], providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
