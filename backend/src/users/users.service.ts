import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { ProfileDto, UserDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { ApiToken } from '../auth/api-token.entity.js';
import { revokeCalendarLink } from '../calendar/calendar-link-revocation.js';
import { clearLockout } from '../auth/login-lockout.js';
import { Session } from '../auth/session.entity.js';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { EventsService } from '../events/events.service.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { UpdateProfileDto } from './dto/update-profile.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { PasswordPolicy } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { User } from './user.entity.js';
import { isUniqueViolation } from '../common/database-errors.js';

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    canApprove: user.canApprove,
    createdAt: user.createdAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly passwordPolicy: PasswordPolicy,
  ) {}

  async list(): Promise<UserDto[]> {
    const users = await this.dataSource.getRepository(User).find({ order: { name: 'ASC' } });
    return users.map(toUserDto);
  }

  async get(id: string): Promise<UserDto> {
    return toUserDto(await this.findOrFail(id));
  }

  /** Creates a staff account; `actor` is null when the CLI or first-run setup creates it. */
  async create(input: CreateUserDto, actor: RequestUser | null, manager?: EntityManager): Promise<UserDto> {
    const run = async (tx: EntityManager) => {
      const email = input.email.trim().toLowerCase();
      const duplicate = () => new ConflictException(`A user with the email ${email} already exists`);
      if (await tx.getRepository(User).exists({ where: { email } })) throw duplicate();
      await this.passwordPolicy.assertAcceptable(input.password, { email, name: input.name });
      const user = await tx
        .getRepository(User)
        .save(
          tx.getRepository(User).create({
            email,
            name: input.name.trim(),
            role: input.role,
            passwordHash: await hashPassword(input.password),
            signature: input.signature ?? null,
          }),
        )
        .catch((error: unknown) => {
          // Two requests can both pass the check above; the unique index decides, and the loser gets the same 409.
          throw isUniqueViolation(error) ? duplicate() : error;
        });
      await this.events.record(
        { type: 'user.created', entityType: 'user', entityId: user.id, actorId: actor?.id, after: { email, name: user.name, role: user.role } },
        tx,
      );
      return toUserDto(user);
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  async update(id: string, input: UpdateUserDto, actor: RequestUser): Promise<UserDto> {
    return this.dataSource.transaction(async (tx) => {
      const user = await this.findOrFail(id, tx);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const change = <K extends 'name' | 'role' | 'active' | 'signature' | 'canApprove'>(key: K, value: User[K] | undefined) => {
        if (value === undefined || value === user[key]) return;
        before[key] = user[key];
        after[key] = value;
        user[key] = value;
      };
      // The stored id, not the URL's: PostgreSQL matches a uuid in any letter case.
      if (user.id === actor.id && (input.role !== undefined && input.role !== user.role || input.active === false)) {
        throw new BadRequestException('You cannot change your own role or deactivate yourself');
      }
      change('name', input.name);
      change('role', input.role);
      change('active', input.active);
      change('signature', input.signature);
      change('canApprove', input.canApprove);
      if (input.password !== undefined) {
        await this.passwordPolicy.assertAcceptable(input.password, { email: user.email, name: user.name });
        user.passwordHash = await hashPassword(input.password);
        after.password = 'changed';
      }
      if (!Object.keys(after).length) return toUserDto(user);
      await tx.getRepository(User).save(user);
      // A deactivated user or a reset password ends every session of that user.
      if (input.active === false || input.password !== undefined) await tx.delete(Session, { userId: id });
      await this.events.record({ type: 'user.updated', entityType: 'user', entityId: id, actorId: actor.id, before, after }, tx);
      // A reset is how an admin takes an account back: whatever an intruder holds stops working, and the owner is not locked out.
      if (input.password !== undefined) {
        const revoked = await tx.update(ApiToken, { userId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
        const calendarLinks = await revokeCalendarLink(tx, id);
        await clearLockout(tx, user.email);
        await this.events.record(
          { type: 'user.access_revoked', entityType: 'user', entityId: id, actorId: actor.id, after: { reason: 'password reset', sessions: 'all', apiTokens: revoked.affected ?? 0, calendarLinks, lockoutLifted: true } },
          tx,
        );
      }
      return toUserDto(user);
    });
  }

  async profile(userId: string): Promise<ProfileDto> {
    const user = await this.findOrFail(userId);
    return { ...toUserDto(user), signature: user.signature, notifyAssigned: user.notifyAssigned, notifyReplied: user.notifyReplied, notifyApprovals: user.notifyApprovals };
  }

  /** Officers manage their own name, signature and notification mails. */
  async updateProfile(userId: string, input: UpdateProfileDto): Promise<ProfileDto> {
    const user = await this.findOrFail(userId);
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<User>;
    if (Object.keys(changes).length) {
      const before = Object.fromEntries(Object.keys(changes).map((key) => [key, user[key as keyof User]]));
      await this.dataSource.transaction(async (tx) => {
        await tx.getRepository(User).update({ id: userId }, changes);
        await this.events.record({ type: 'user.profile_updated', entityType: 'user', entityId: userId, actorId: userId, before, after: changes }, tx);
      });
    }
    return this.profile(userId);
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(User).count();
  }

  private async findOrFail(id: string, manager: EntityManager = this.dataSource.manager): Promise<User> {
    const user = isUuid(id) ? await manager.getRepository(User).findOne({ where: { id } }) : null;
    if (!user) throw new NotFoundException('User not found');
    return user;
  }
}
