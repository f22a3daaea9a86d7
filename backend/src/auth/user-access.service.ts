import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { ActiveSessionDto, ApiTokenDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { AppConfig } from '../config/app-config.js';
import { EventsService } from '../events/events.service.js';
import { UsersService } from '../users/users.service.js';
import { AccountAccessService } from './account-access.service.js';
import { ApiTokensService } from './api-tokens.service.js';
import type { Session } from './session.entity.js';
import { SessionsRepository } from './sessions.repository.js';

function toActiveSessionDto(session: Session, currentId: string | undefined): ActiveSessionDto {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentId,
  };
}

/**
 * Who is signed in as a user, and with what: their live sessions and API tokens. Owners see and end
 * their own; admins anyone's (an account they suspect is compromised); nobody else's.
 */
@Injectable()
export class UserAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly tokens: ApiTokensService,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly access: AccountAccessService,
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  async listSessions(actor: RequestUser, userRef: string): Promise<ActiveSessionDto[]> {
    const userId = await this.authorise(actor, userRef);
    // The same limits the guard applies: idle and expired sessions are dead even before they are cleaned up.
    const now = this.clock.now();
    const sessions = await this.sessions.listLiveOf(userId, now, new Date(now.getTime() - this.config.SESSION_IDLE_MINUTES * 60_000));
    return sessions.map((session) => toActiveSessionDto(session, actor.sessionId));
  }

  async endSession(actor: RequestUser, userRef: string, sessionId: string): Promise<void> {
    const userId = await this.authorise(actor, userRef);
    if (!isUuid(sessionId)) throw new NotFoundException('Session not found');
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.sessions.deleteOneOf(tx, userId, sessionId))) throw new NotFoundException('Session not found');
      await this.events.record({ type: 'session.ended', entityType: 'user', entityId: userId, actorId: actor.id, after: { sessionId } }, tx);
    });
  }

  /** Ends every session of the user except the one this request came with ("sign out everywhere else"). */
  async endOtherSessions(actor: RequestUser, userRef: string): Promise<{ ended: number }> {
    const userId = await this.authorise(actor, userRef);
    return this.dataSource.transaction(async (tx) => {
      const ended = await this.access.endSessions(tx, userId, actor.sessionId);
      await this.events.record({ type: 'session.ended', entityType: 'user', entityId: userId, actorId: actor.id, after: { sessions: ended } }, tx);
      return { ended };
    });
  }

  async listTokens(actor: RequestUser, userRef: string): Promise<ApiTokenDto[]> {
    return this.tokens.list(await this.authorise(actor, userRef));
  }

  async revokeToken(actor: RequestUser, userRef: string, tokenId: string): Promise<void> {
    const userId = await this.authorise(actor, userRef);
    const owned = isUuid(tokenId) && (await this.tokens.isOwnedBy(userId, tokenId));
    if (!owned) throw new NotFoundException('API token not found');
    await this.tokens.revoke(tokenId, actor);
  }

  /** An admin lifts every sign-in lockout of a user (the owner is stuck, their password is fine); the failures are forgotten. */
  async liftLockout(actor: RequestUser, userRef: string): Promise<void> {
    if (actor.role !== 'admin') throw new ForbiddenException('Only an admin can unlock an account');
    const userId = await this.authorise(actor, userRef);
    await this.dataSource.transaction(async (tx) => {
      const user = await this.users.findContact(tx, userId);
      if (!user) throw new NotFoundException('User not found');
      await this.access.clearLockout(tx, user.email);
      await this.events.record({ type: 'user.lockout_lifted', entityType: 'user', entityId: userId, actorId: actor.id }, tx);
    });
  }

  /** The user id a path names (`me` is the caller), once the caller may manage that user's access. */
  private async authorise(actor: RequestUser, userRef: string): Promise<string> {
    const userId = userRef === 'me' ? actor.id : userRef;
    if (userId !== actor.id && actor.role !== 'admin') {
      throw new ForbiddenException("Only an admin can see or end another person's sessions and API tokens");
    }
    const user = isUuid(userId) ? await this.users.findEntity(userId) : null;
    if (!user) throw new NotFoundException('User not found');
    return user.id;
  }
}
