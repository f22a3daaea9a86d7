import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { ActiveSessionDto, ApiTokenDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan, Not, type FindOptionsWhere } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { AppConfig } from '../config/app-config.js';
import { EventsService } from '../events/events.service.js';
import { User } from '../users/user.entity.js';
import { ApiToken } from './api-token.entity.js';
import { ApiTokensService } from './api-tokens.service.js';
import { clearLockout } from './login-lockout.js';
import { Session } from './session.entity.js';

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
  ) {}

  async listSessions(actor: RequestUser, userRef: string): Promise<ActiveSessionDto[]> {
    const userId = await this.authorise(actor, userRef);
    // The same limits the guard applies: idle and expired sessions are dead even before they are cleaned up.
    const sessions = await this.dataSource.getRepository(Session).find({
      where: { userId, expiresAt: MoreThan(new Date()), lastSeenAt: MoreThan(new Date(Date.now() - this.config.SESSION_IDLE_MINUTES * 60_000)) },
      order: { lastSeenAt: 'DESC' },
    });
    return sessions.map((session) => toActiveSessionDto(session, actor.sessionId));
  }

  async endSession(actor: RequestUser, userRef: string, sessionId: string): Promise<void> {
    const userId = await this.authorise(actor, userRef);
    if (!isUuid(sessionId)) throw new NotFoundException('Session not found');
    await this.dataSource.transaction(async (tx) => {
      const ended = await tx.delete(Session, { id: sessionId, userId });
      if (!ended.affected) throw new NotFoundException('Session not found');
      await this.events.record({ type: 'session.ended', entityType: 'user', entityId: userId, actorId: actor.id, after: { sessionId } }, tx);
    });
  }

  /** Ends every session of the user except the one this request came with ("sign out everywhere else"). */
  async endOtherSessions(actor: RequestUser, userRef: string): Promise<{ ended: number }> {
    const userId = await this.authorise(actor, userRef);
    return this.dataSource.transaction(async (tx) => {
      const where: FindOptionsWhere<Session> = actor.sessionId ? { userId, id: Not(actor.sessionId) } : { userId };
      const ended = (await tx.delete(Session, where)).affected ?? 0;
      await this.events.record({ type: 'session.ended', entityType: 'user', entityId: userId, actorId: actor.id, after: { sessions: ended } }, tx);
      return { ended };
    });
  }

  async listTokens(actor: RequestUser, userRef: string): Promise<ApiTokenDto[]> {
    return this.tokens.list(await this.authorise(actor, userRef));
  }

  async revokeToken(actor: RequestUser, userRef: string, tokenId: string): Promise<void> {
    const userId = await this.authorise(actor, userRef);
    const owned = isUuid(tokenId) && (await this.dataSource.getRepository(ApiToken).exists({ where: { id: tokenId, userId } }));
    if (!owned) throw new NotFoundException('API token not found');
    await this.tokens.revoke(tokenId, actor);
  }

  /** An admin lifts every sign-in lockout of a user (the owner is stuck, their password is fine); the failures are forgotten. */
  async liftLockout(actor: RequestUser, userRef: string): Promise<void> {
    if (actor.role !== 'admin') throw new ForbiddenException('Only an admin can unlock an account');
    const userId = await this.authorise(actor, userRef);
    await this.dataSource.transaction(async (tx) => {
      const { email } = await tx.getRepository(User).findOneOrFail({ where: { id: userId }, select: { email: true } });
      await clearLockout(tx, email);
      await this.events.record({ type: 'user.lockout_lifted', entityType: 'user', entityId: userId, actorId: actor.id }, tx);
    });
  }

  /** The user id a path names (`me` is the caller), once the caller may manage that user's access. */
  private async authorise(actor: RequestUser, userRef: string): Promise<string> {
    const userId = userRef === 'me' ? actor.id : userRef;
    if (userId !== actor.id && actor.role !== 'admin') {
      throw new ForbiddenException("Only an admin can see or end another person's sessions and API tokens");
    }
    const user = isUuid(userId) ? await this.dataSource.getRepository(User).findOne({ where: { id: userId }, select: { id: true } }) : null;
    if (!user) throw new NotFoundException('User not found');
    return user.id;
  }
}
