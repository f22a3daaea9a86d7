import { Injectable } from '@nestjs/common';
import type { HealthDto } from '@newsdesk/shared';
import { DataSource } from 'typeorm';
import { APP_VERSION } from '../version.js';

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<HealthDto> {
    const started = performance.now();
    let database: HealthDto['database'];
    try {
      await this.dataSource.query('SELECT 1');
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
