import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { ADVISORY_LOCKS, withSessionTryLock } from '../database/advisory-locks.js';
import { WorkerLoop } from '../database/worker-loop.js';
import { PrivacyService } from './privacy.service.js';

const DAY_MS = 24 * 3600_000;

/** Once a day (and at start), one replica anonymises journalists past RETENTION_MONTHS. */
@Injectable()
export class RetentionWorker implements OnModuleDestroy {
  private readonly loop: WorkerLoop;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly privacy: PrivacyService,
    private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    clock: Clock,
  ) {
    this.loop = new WorkerLoop(
      { name: 'retention', channels: [], everyMs: DAY_MS },
      async () => {
        await this.runOnce();
        return 'idle';
      },
      { databaseUrl, config, clock },
    );
  }

  start() {
    if (!this.config.RETENTION_MONTHS || this.loop.started) return;
    void this.loop.start();
  }

  async runOnce(): Promise<number> {
    // One replica runs the pass; the others find the lock taken and skip it.
    return (await withSessionTryLock(this.dataSource, ADVISORY_LOCKS.retention, () => this.privacy.applyRetention(this.config.RETENTION_MONTHS))) ?? 0;
  }

  /** Waits for a pass in flight: it must not lose its connection to a closing pool halfway. */
  async onModuleDestroy() {
    await this.loop.stop();
  }
}
