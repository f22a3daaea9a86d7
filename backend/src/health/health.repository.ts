import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withDeadline } from '../database/database-deadlines.js';
import { sqlExec } from '../database/sql.js';

/** The health check's round trip to PostgreSQL; no decisions. */
@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** SELECT 1 on a pooled connection, abandoned after `ms` (a hung database must not hang the check). */
  async ping(ms: number): Promise<void> {
    await withDeadline(this.dataSource, ms, 'the health check', (manager) => sqlExec(manager, 'SELECT 1'));
  }
}
