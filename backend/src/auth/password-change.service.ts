import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { EventsService } from '../events/events.service.js';
import { PasswordPolicy } from '../users/password-policy.js';
import { hashPassword, verifyPassword } from '../users/passwords.js';
import { UsersService } from '../users/users.service.js';
import { AccountAccessService } from './account-access.service.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginThrottleService } from './login-throttle.service.js';

/** A signed-in person changes their own password: the current one first (a borrowed session is not enough), then the policy. */
@Injectable()
export class PasswordChangeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PasswordPolicy,
    private readonly throttle: LoginThrottleService,
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly access: AccountAccessService,
  ) {}

  async change(actor: RequestUser, userRef: string, input: ChangePasswordDto, ip: string): Promise<{ sessionsEnded: number }> {
    if (userRef !== 'me' && userRef !== actor.id) {
      throw new ForbiddenException("You can only change your own password; admins reset other people's with PATCH /api/users/:id");
    }
    if (actor.via !== 'session') throw new ForbiddenException('Change your password from the dashboard, not with an API token');
    const user = await this.users.findWithPasswordHash(actor.id);
    // Guessing the current password here counts like guessing it at sign-in.
    await this.throttle.reserve(user.email, ip);
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new BadRequestException({ message: 'Your current password is incorrect', details: [{ field: 'currentPassword', messages: ['Your current password is incorrect'] }] });
    }
    await this.throttle.clear(user.email, ip, ['password']);
    await this.policy.assertAcceptable(input.newPassword, { email: user.email, name: user.name }, 'newPassword');
    const passwordHash = await hashPassword(input.newPassword);
    return this.dataSource.transaction(async (tx) => {
      await this.users.setPasswordHash(tx, user.id, passwordHash);
      // Whoever else was signed in with the old password is signed out; this browser stays.
      const ended = await this.access.endSessions(tx, user.id, actor.sessionId);
      await this.events.record({ type: 'user.password_changed', entityType: 'user', entityId: user.id, actorId: user.id, after: { sessionsEnded: ended } }, tx);
      return { sessionsEnded: ended };
    });
  }
}
