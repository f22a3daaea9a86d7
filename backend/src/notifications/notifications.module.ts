import { Global, Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module.js';
import { NotificationsService } from './notifications.service.js';

@Global()
@Module({ imports: [TicketsModule], providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
