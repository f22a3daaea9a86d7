import { Injectable } from '@nestjs/common';
import type { UserRole } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedRows } from '../database/prepared-statement.js';

/** An unrevoked token and its active owner, as the auth guard needs them. */
export interface ActiveTokenRow {
  tokenId: string;
  lastUsedAt: Date | null;
  userId: string;
  email: string;
  name: string;
  role: UserRole;
}

/** SQL for checking bearer tokens on every request; no decisions. */
@Injectable()
export class ApiTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One indexed read (the unique token_hash index) with the owner joined. */
  async findActive(tokenHash: string): Promise<ActiveTokenRow | null> {
    const [row] = await preparedRows<ActiveTokenRow>(
      this.dataSource,
      `SELECT t.id AS "tokenId", t.last_used_at AS "lastUsedAt", u.id AS "userId", u.email, u.name, u.role
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`,
      [tokenHash],
    );
    return row ?? null;
  }

  async touch(tokenId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, [tokenId, at]);
  }
}
