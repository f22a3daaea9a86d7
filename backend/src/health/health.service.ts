import { Injectable } from '@nestjs/common';
import type { HealthDto } from '@newsdesk/shared';
import { AppConfig } from '../config/app-config.js';
import { APP_VERSION } from '../version.js';
import { HealthRepository } from './health.repository.js';

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly repository: HealthRepository,
    private readonly config: AppConfig,
  ) {}

  /** Answers within HEALTH_TIMEOUT_MS however the database behaves: a hung database is reported down, not waited for. */
  async check(): Promise<HealthDto> {
    const started = performance.now();
    let database: HealthDto['database'];
    try {
      await this.repository.ping(this.config.HEALTH_TIMEOUT_MS);
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
