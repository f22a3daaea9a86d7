import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { WorkerLoop, type RoundResult } from '../database/worker-loop.js';
import { DigestService } from './digest.service.js';
import { RollupsService } from './rollups.service.js';

/**
 * The share of time the background refresh may take at most. Each refresh recomputes the live day whole, so
 * its cost grows with the day's tickets: on a day of 100,000+ inquiries (the intake benchmark) one took ~1 ms of
 * PostgreSQL per inquiry of the day, every minute, and crowded out intake. After a refresh of d ms the next one
 * waits at least 9·d ms; a request that needs fresher figures refreshes them itself (maxAge).
 */
export const REFRESH_SHARE = 0.1;

/** When the next background refresh may start after one that ran from `startedAt` to `endedAt` (ms, injected clock). */
export function nextRefreshAt(startedAt: number, endedAt: number): number {
  return endedAt + Math.max(0, endedAt - startedAt) * (1 / REFRESH_SHARE - 1);
}

/**
 * Keeps the rollups warm (folds ticket changes in and closes finished days every
 * METRICS_REFRESH_SECONDS, so requests rarely do it) and queues due weekly digests.
 */
@Injectable()
export class MetricsWorker implements OnApplicationShutdown {
  private readonly loop: WorkerLoop;
  private refreshNotBefore = 0;

  constructor(
    private readonly rollups: RollupsService,
    private readonly digests: DigestService,
    private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    private readonly clock: Clock,
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
    const started = this.clock.now().getTime();
    if (started >= this.refreshNotBefore) {
      await this.rollups.refresh(0);
      this.refreshNotBefore = nextRefreshAt(started, this.clock.now().getTime());
    }
    await this.digests.queueDue();
    return 'idle';
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
