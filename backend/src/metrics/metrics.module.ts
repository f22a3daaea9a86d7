import { Module } from '@nestjs/common';
import { DigestService } from './digest.service.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { MetricsWorker } from './metrics.worker.js';
import { RollupsService } from './rollups.service.js';

@Module({
  controllers: [MetricsController],
  providers: [RollupsService, MetricsService, DigestService, MetricsWorker],
  exports: [RollupsService, MetricsService, DigestService, MetricsWorker],
})
export class MetricsModule {}
