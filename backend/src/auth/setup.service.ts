import { ForbiddenException, Injectable } from '@nestjs/common';
import type { SessionDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { toSessionDto } from './auth.service.js';
import type { SetupDto } from './dto/setup.dto.js';
import { SessionsService } from './sessions.service.js';
import { SetupToken } from './setup-token.entity.js';

/** First run: while no user exists, a one-time link creates the first admin. */
@Injectable()
export class SetupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly events: EventsService,
  ) {}

  async isNeeded(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  /** Issues a fresh link (earlier unused ones stop working) and returns it; null when users exist. */
  async issueLink(): Promise<string | null> {
    if (!(await this.isNeeded())) return null;
    const token = randomBytes(32).toString('base64url');
    await this.dataSource.transaction(async (tx) => {
      await tx.delete(SetupToken, { usedAt: IsNull() });
      await tx.insert(SetupToken, { tokenHash: this.secrets.hashToken(token) });
    });
    return `${this.config.publicUrl}/setup?token=${token}`;
  }

  async complete(input: SetupDto, request: FastifyRequest, reply: FastifyReply): Promise<SessionDto> {
    return this.dataSource.transaction(async (tx) => {
      const token = await tx
        .getRepository(SetupToken)
        .createQueryBuilder('token')
        .setLock('pessimistic_write')
        .where('token.tokenHash = :hash', { hash: this.secrets.hashToken(input.token) })
        .getOne();
      // Serialise concurrent attempts: only one first admin is ever created.
      await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
      const hasUsers = (await tx.getRepository(User).count()) > 0;
      if (!token || token.usedAt || hasUsers) {
        throw new ForbiddenException('This setup link is invalid or has already been used');
      }
      await tx.update(SetupToken, { id: token.id }, { usedAt: new Date() });
      const created = await this.users.create({ ...input, role: 'admin' }, null, tx);
      const user = await tx.getRepository(User).findOneByOrFail({ id: created.id });
      const session = await this.sessions.start(user, request, reply, tx);
      await this.events.record(
        { type: 'auth.login', entityType: 'user', entityId: user.id, actorId: user.id, after: { ip: request.ip, via: 'setup' } },
        tx,
      );
      return toSessionDto(user, session);
    });
  }
}
