import { Injectable } from '@nestjs/common';
import type { HealthDto } from '@newsdesk/shared';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { withDeadline } from '../database/database-deadlines.js';
import { APP_VERSION } from '../version.js';

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Answers within HEALTH_TIMEOUT_MS however the database behaves: a hung database is reported down, not waited for. */
  async check(): Promise<HealthDto> {
    const started = performance.now();
    let database: HealthDto['database'];
    try {
      await withDeadline(this.dataSource, this.config.HEALTH_TIMEOUT_MS, 'the health check', (manager) => manager.query('SELECT 1'));
      database = { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch {
      database = { status: 'down', latencyMs: null };
    }
    return {
      status: database.status === 'up' ? 'ok' : 'degraded',
      version: APP_VERSION,
      database,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }
}
