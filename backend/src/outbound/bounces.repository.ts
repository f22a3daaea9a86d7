import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlExec } from '../database/sql.js';

/** Outbox rows a delivery report says did not arrive. */
@Injectable()
export class BouncesRepository {
  async markFailed(tx: EntityManager, outboundId: string, error: string): Promise<void> {
    await sqlExec(tx, `UPDATE outbound_messages SET status = 'failed', last_error = $2 WHERE id = $1`, [outboundId, error]);
  }
}
