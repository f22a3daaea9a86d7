import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { WorkerLoop, type RoundResult } from '../database/worker-loop.js';
import { DigestService } from './digest.service.js';
import { RollupsService } from './rollups.service.js';

/**
 * Keeps the rollups warm (folds ticket changes in and closes finished days every
 * METRICS_REFRESH_SECONDS, so requests rarely do it) and queues due weekly digests.
 */
@Injectable()
export class MetricsWorker implements OnApplicationShutdown {
  private readonly loop: WorkerLoop;

  constructor(
    private readonly rollups: RollupsService,
    private readonly digests: DigestService,
    private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    clock: Clock,
  ) {
    this.loop = new WorkerLoop({ name: 'metrics', channels: [], everyMs: config.METRICS_REFRESH_SECONDS * 1000 }, () => this.round(), {
      databaseUrl,
      config,
      clock,
    });
  }

  start(): void {
    if (!this.config.METRICS_REFRESH_SECONDS || this.loop.started) return;
    void this.loop.start();
  }

  private async round(): Promise<RoundResult> {
    await this.rollups.refresh(0);
    await this.digests.queueDue();
    return 'idle';
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
