import { Injectable } from '@nestjs/common';
import type { UserRole } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { preparedRows } from '../database/prepared-statement.js';
import { sqlExec } from '../database/sql.js';
import { ApiToken } from './api-token.entity.js';

/** An unrevoked token and its active owner, as the auth guard needs them. */
export interface ActiveTokenRow {
  tokenId: string;
  lastUsedAt: Date | null;
  userId: string;
  email: string;
  name: string;
  role: UserRole;
}

/** SQL for personal API tokens: the bearer check every request makes, issuing, listing, revoking; no decisions. */
@Injectable()
export class ApiTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One indexed read (the unique token_hash index) with the owner joined. */
  async findActive(tokenHash: string): Promise<ActiveTokenRow | null> {
    const [row] = await preparedRows<ActiveTokenRow>(
      this.dataSource,
      `SELECT t.id AS "tokenId", t.last_used_at AS "lastUsedAt", u.id AS "userId", u.email, u.name, u.role
         FROM api_tokens t JOIN users_view u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`,
      [tokenHash],
    );
    return row ?? null;
  }

  async touch(tokenId: string, at: Date): Promise<void> {
    await sqlExec(this.dataSource, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, [tokenId, at]);
  }

  insert(tx: EntityManager, values: Pick<ApiToken, 'userId' | 'name' | 'tokenHash' | 'prefix'>): Promise<ApiToken> {
    return tx.getRepository(ApiToken).save(tx.getRepository(ApiToken).create(values));
  }

  /** The user's tokens, revoked ones included, newest first. */
  listOf(userId: string): Promise<ApiToken[]> {
    return this.dataSource.getRepository(ApiToken).find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  findById(id: string): Promise<ApiToken | null> {
    return this.dataSource.getRepository(ApiToken).findOneBy({ id });
  }

  existsFor(userId: string, id: string): Promise<boolean> {
    return this.dataSource.getRepository(ApiToken).exists({ where: { id, userId } });
  }

  async revoke(tx: EntityManager, id: string, at: Date): Promise<void> {
    await tx.getRepository(ApiToken).update({ id }, { revokedAt: at });
  }

  /** Revokes every unrevoked token of the user; the number revoked. */
  async revokeAllOf(tx: EntityManager, userId: string, at: Date): Promise<number> {
    return (await tx.update(ApiToken, { userId, revokedAt: IsNull() }, { revokedAt: at })).affected ?? 0;
  }
}
