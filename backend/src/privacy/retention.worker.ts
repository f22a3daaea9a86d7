import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';
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
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [ADVISORY_LOCKS.retention])) as { locked: boolean }[];
      if (!locked) return 0;
      try {
        return await this.privacy.applyRetention(this.config.RETENTION_MONTHS);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.retention]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Waits for a pass in flight: it must not lose its connection to a closing pool halfway. */
  async onModuleDestroy() {
    await this.loop.stop();
  }
}
