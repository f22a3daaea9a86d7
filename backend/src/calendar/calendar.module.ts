import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarFeedsRepository } from './calendar-feeds.repository.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';

@Module({ imports: [TicketsModule], controllers: [CalendarController], providers: [CalendarFeedsService, CalendarFeedsRepository] })
export class CalendarModule {}
