import { ForbiddenException, Injectable } from '@nestjs/common';
import type { SessionDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import { UsersService } from '../users/users.service.js';
import { toSessionDto } from './auth.service.js';
import type { SetupDto } from './dto/setup.dto.js';
import { SessionsService } from './sessions.service.js';
import { SetupTokensRepository } from './setup-tokens.repository.js';

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
    private readonly repository: SetupTokensRepository,
    private readonly clock: Clock,
  ) {}

  async isNeeded(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  /** Issues a fresh link (earlier unused ones stop working) and returns it; null when users exist. */
  async issueLink(): Promise<string | null> {
    if (!(await this.isNeeded())) return null;
    const token = randomBytes(32).toString('base64url');
    await this.dataSource.transaction((tx) => this.repository.replaceUnused(tx, this.secrets.hashToken(token)));
    return `${this.config.publicUrl}/setup?token=${token}`;
  }

  async complete(input: SetupDto, request: FastifyRequest, reply: FastifyReply): Promise<SessionDto> {
    return this.dataSource.transaction(async (tx) => {
      const token = await this.repository.findForUpdate(tx, this.secrets.hashToken(input.token));
      // Serialise concurrent attempts: only one first admin is ever created.
      const hasUsers = (await this.users.lockAndCount(tx)) > 0;
      if (!token || token.usedAt || hasUsers) {
        throw new ForbiddenException('This setup link is invalid or has already been used');
      }
      await this.repository.markUsed(tx, token.id, this.clock.now());
      const user = await this.users.createIn(tx, { ...input, role: 'admin' }, null);
      const session = await this.sessions.startIn(tx, user, request, reply);
      await this.events.record(
        { type: 'auth.login', entityType: 'user', entityId: user.id, actorId: user.id, after: { ip: request.ip, via: 'setup' } },
        tx,
      );
      return toSessionDto(user, session);
    });
  }
}
