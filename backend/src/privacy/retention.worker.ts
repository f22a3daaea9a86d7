import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { PrivacyService } from './privacy.service.js';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';

const DAY_MS = 24 * 3600_000;

/** Once a day (and at start), one replica anonymises journalists past RETENTION_MONTHS. */
@Injectable()
export class RetentionWorker implements OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly privacy: PrivacyService,
    private readonly config: AppConfig,
  ) {}

  start() {
    if (!this.config.RETENTION_MONTHS) return;
    const run = () => void this.runOnce().catch((error: Error) => this.logger.warn(`retention pass failed: ${error.message}`));
    this.timer = setInterval(run, DAY_MS);
    this.timer.unref();
    run();
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

  onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
  }
}
