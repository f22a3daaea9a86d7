import { Module } from '@nestjs/common';
import { StoriesModule } from '../stories/stories.module.js';
import { UsersModule } from '../users/users.module.js';
import { DigestService } from './digest.service.js';
import { MetricReportsController } from './metric-reports.controller.js';
import { MetricReportsService } from './metric-reports.service.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { MetricsWorker } from './metrics.worker.js';
import { MetricRollupsRepository } from './metric-rollups.repository.js';
import { RollupsService } from './rollups.service.js';

@Module({
  imports: [StoriesModule, UsersModule],
  controllers: [MetricsController, MetricReportsController],
  providers: [MetricRollupsRepository, MetricsRepository, RollupsService, MetricsService, MetricReportsService, DigestService, MetricsWorker],
  exports: [RollupsService, MetricsService, DigestService, MetricsWorker],
})
export class MetricsModule {}
