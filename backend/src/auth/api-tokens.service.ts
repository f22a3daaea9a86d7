import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { ApiTokenDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import { User } from '../users/user.entity.js';
import type { ApiToken } from './api-token.entity.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { PrincipalCache } from './principal-cache.js';

const TOUCH_INTERVAL_MS = 60_000;

function toApiTokenDto(token: ApiToken, secret?: string): ApiTokenDto {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    ...(secret ? { token: secret } : {}),
  };
}

/** Personal API tokens: 256-bit random secrets stored as an HMAC, so checking one costs one indexed lookup. */
@Injectable()
export class ApiTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: AppSecrets,
    private readonly events: EventsService,
    private readonly repository: ApiTokensRepository,
    private readonly principals: PrincipalCache,
    private readonly clock: Clock,
  ) {}

  async create(userId: string, name: string, actorId: string | null): Promise<ApiTokenDto> {
    const secret = `nd_${randomBytes(32).toString('base64url')}`;
    return this.dataSource.transaction(async (tx) => {
      const token = await this.repository.insert(tx, { userId, name, tokenHash: this.secrets.hashToken(secret), prefix: secret.slice(0, 10) });
      await this.events.record(
        { type: 'api_token.created', entityType: 'api_token', entityId: token.id, actorId, after: { userId, name, prefix: token.prefix } },
        tx,
      );
      return toApiTokenDto(token, secret);
    });
  }

  async list(userId: string): Promise<ApiTokenDto[]> {
    const tokens = await this.repository.listOf(userId);
    return tokens.map((token) => toApiTokenDto(token));
  }

  /** Whether the token exists and belongs to the user (a path naming someone else's token is a 404). */
  isOwnedBy(userId: string, id: string): Promise<boolean> {
    return this.repository.existsFor(userId, id);
  }

  async revoke(id: string, actor: RequestUser): Promise<void> {
    const token = isUuid(id) ? await this.repository.findById(id) : null;
    if (!token) throw new NotFoundException('API token not found');
    if (token.userId !== actor.id && actor.role !== 'admin') throw new ForbiddenException('You can only revoke your own API tokens');
    if (token.revokedAt) return;
    await this.dataSource.transaction(async (tx) => {
      await this.repository.revoke(tx, id, this.clock.now());
      await this.events.record({ type: 'api_token.revoked', entityType: 'api_token', entityId: id, actorId: actor.id, before: { prefix: token.prefix } }, tx);
    });
  }

  /** The active user a bearer token belongs to, or null: one indexed read by the token's HMAC, no password hashing. */
  async authenticate(secret: string): Promise<Pick<User, 'id' | 'email' | 'name' | 'role'> | null> {
    const hash = this.secrets.hashToken(secret);
    const now = this.clock.now();
    // A remembered row serves only while no last-used write is due; revocation reaches every replica's cache by NOTIFY.
    const token = await this.principals.read(`token:${hash}`, () => this.repository.findActive(hash), (cached) => !!cached.lastUsedAt && now.getTime() - cached.lastUsedAt.getTime() <= TOUCH_INTERVAL_MS);
    if (!token) return null;
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) await this.repository.touch(token.tokenId, now);
    return { id: token.userId, email: token.email, name: token.name, role: token.role };
  }
}
