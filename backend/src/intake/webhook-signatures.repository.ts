import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlExec } from '../database/sql.js';

/** Webhook signatures seen within their time window (each is accepted once). */
@Injectable()
export class WebhookSignaturesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async deleteReceivedBefore(before: Date): Promise<void> {
    await sqlExec(this.dataSource, `DELETE FROM webhook_signatures WHERE received_at < $1`, [before]);
  }

  /** True when this signature was not seen yet (and is now recorded). */
  async claim(signatureHash: string, receivedAt: Date): Promise<boolean> {
    const claimed = await sqlExec(
      this.dataSource,
      `INSERT INTO webhook_signatures (signature_hash, received_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [signatureHash, receivedAt],
    );
    return claimed > 0;
  }

  async release(signatureHash: string): Promise<void> {
    await sqlExec(this.dataSource, 'DELETE FROM webhook_signatures WHERE signature_hash = $1', [signatureHash]);
  }
}
