import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { DigestService } from './digest.service.js';
import { RollupsService } from './rollups.service.js';

/**
 * Keeps the rollups warm (folds ticket changes in and closes finished days every
 * METRICS_REFRESH_SECONDS, so requests rarely do it) and queues due weekly digests.
 */
@Injectable()
export class MetricsWorker implements OnApplicationShutdown {
  private readonly logger = new Logger('MetricsWorker');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly rollups: RollupsService,
    private readonly digests: DigestService,
    private readonly config: AppConfig,
  ) {}

  start(): void {
    if (!this.config.METRICS_REFRESH_SECONDS || this.timer) return;
    this.timer = setInterval(() => this.tick(), this.config.METRICS_REFRESH_SECONDS * 1000);
    this.timer.unref();
    this.tick();
  }

  private tick(): void {
    if (this.running) return;
    this.running = (async () => {
      try {
        await this.rollups.refresh(0);
        await this.digests.queueDue();
      } catch (error) {
        this.logger.warn(`metrics refresh failed: ${(error as Error).message}`);
      }
    })().finally(() => {
      this.running = null;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
