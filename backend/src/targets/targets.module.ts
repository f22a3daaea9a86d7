import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { TicketRecordsModule } from '../tickets/ticket-records.module.js';
import { OfficeCalendarService } from './office-calendar.service.js';
import { TargetOutcomesService } from './target-outcomes.service.js';
import { TargetOutcomesController, TargetsController } from './targets.controller.js';
import { TargetsRepository } from './targets.repository.js';
import { TargetsService } from './targets.service.js';

@Module({
  imports: [TicketRecordsModule, MetricsModule],
  controllers: [TargetsController, TargetOutcomesController],
  providers: [TargetsRepository, TargetsService, TargetOutcomesService, OfficeCalendarService],
  exports: [TargetsService],
})
export class TargetsModule {}
