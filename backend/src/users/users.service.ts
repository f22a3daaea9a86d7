import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { ProfileDto, UserDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountAccessService } from '../auth/account-access.service.js';
import { revokeCalendarLink } from '../calendar/calendar-link-revocation.js';
import { Clock } from '../common/clock.js';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { EventsService } from '../events/events.service.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { UpdateProfileDto } from './dto/update-profile.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { PasswordPolicy } from './password-policy.js';
import { hashPassword } from './passwords.js';
import type { User } from './user.entity.js';
import { UsersRepository, type ActiveUserRow, type DigestSettingsRow, type DigestSubscriberRow, type NotificationSwitch, type UserContactRow, type UserRefRow } from './users.repository.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { conflict } from '../common/http-errors.js';

export type { ActiveUserRow, DigestSettingsRow, DigestSubscriberRow, NotificationSwitch, UserContactRow } from './users.repository.js';

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
    private readonly repository: UsersRepository,
    private readonly access: AccountAccessService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<UserDto[]> {
    const users = await this.repository.list();
    return users.map(toUserDto);
  }

  async get(id: string): Promise<UserDto> {
    return toUserDto(await this.findOrFail(id));
  }

  /** Creates a staff account in its own transaction; `actor` is null when the CLI creates it. */
  async create(input: CreateUserDto, actor: RequestUser | null): Promise<UserDto> {
    return toUserDto(await this.dataSource.transaction((tx) => this.createIn(tx, input, actor)));
  }

  /** Creates a staff account in the caller's transaction (first-run setup signs the first admin in with it). */
  async createIn(tx: EntityManager, input: CreateUserDto, actor: RequestUser | null): Promise<User> {
    const email = input.email.trim().toLowerCase();
    const duplicate = () => conflict('duplicate', `A user with the email ${email} already exists`);
    if (await this.repository.emailExists(tx, email)) throw duplicate();
    await this.passwordPolicy.assertAcceptable(input.password, { email, name: input.name });
    const user = await this.repository
      .insert(tx, {
        email,
        name: input.name.trim(),
        role: input.role,
        passwordHash: await hashPassword(input.password),
        signature: input.signature ?? null,
      })
      .catch((error: unknown) => {
        // Two requests can both pass the check above; the unique index decides, and the loser gets the same 409.
        throw isUniqueViolation(error) ? duplicate() : error;
      });
    await this.events.record(
      { type: 'user.created', entityType: 'user', entityId: user.id, actorId: actor?.id, after: { email, name: user.name, role: user.role } },
      tx,
    );
    return user;
  }

  async update(id: string, input: UpdateUserDto, actor: RequestUser): Promise<UserDto> {
    return this.dataSource.transaction(async (tx) => {
      const user = await this.findOrFailIn(tx, id);
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
      await this.repository.save(tx, user);
      // A deactivated user or a reset password ends every session of that user.
      if (input.active === false || input.password !== undefined) await this.access.endSessions(tx, id);
      await this.events.record({ type: 'user.updated', entityType: 'user', entityId: id, actorId: actor.id, before, after }, tx);
      // A reset is how an admin takes an account back: whatever an intruder holds stops working, and the owner is not locked out.
      if (input.password !== undefined) {
        const apiTokens = await this.access.revokeApiTokens(tx, id, this.clock.now());
        const calendarLinks = await revokeCalendarLink(tx, id);
        await this.access.clearLockout(tx, user.email);
        await this.events.record(
          { type: 'user.access_revoked', entityType: 'user', entityId: id, actorId: actor.id, after: { reason: 'password reset', sessions: 'all', apiTokens, calendarLinks, lockoutLifted: true } },
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
        await this.repository.update(tx, userId, changes);
        await this.events.record({ type: 'user.profile_updated', entityType: 'user', entityId: userId, actorId: userId, before, after: changes }, tx);
      });
    }
    return this.profile(userId);
  }

  async count(): Promise<number> {
    return this.repository.count();
  }

  // Reads other modules (auth, tickets, replies, notifications, teams, statements, approvals) make of accounts.

  findEntity(id: string): Promise<User | null> {
    return this.repository.findById(id);
  }

  /** The people behind these ids (nulls and repeats ignored), by id: one query for a whole page, none for no ids. */
  async refsByIds(ids: readonly (string | null)[]): Promise<Map<string, UserRefRow>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (!wanted.length) return new Map();
    return new Map((await this.repository.findRefsByIds(wanted)).map((row) => [row.id, row]));
  }

  findEntities(ids: string[]): Promise<User[]> {
    return ids.length ? this.repository.findByIds(ids) : Promise.resolve([]);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.repository.findByEmail(email);
  }

  /** The account with its password hash, by email (sign-in). */
  findForSignIn(email: string): Promise<User | null> {
    return this.repository.findWithPasswordHashByEmail(email);
  }

  /** The account with its password hash, by id (re-checking the current password); it must exist. */
  async findWithPasswordHash(id: string): Promise<User> {
    const user = await this.repository.findWithPasswordHash(id);
    if (!user) throw new NotFoundException('User not found');
    return user;
  }

  findActiveByEmail(tx: EntityManager, email: string): Promise<ActiveUserRow | null> {
    return this.repository.findActiveByEmail(tx, email);
  }

  findContact(tx: EntityManager, id: string): Promise<UserContactRow | null> {
    return this.repository.findContact(tx, id);
  }

  async setPasswordHash(tx: EntityManager, id: string, passwordHash: string): Promise<void> {
    await this.repository.update(tx, id, { passwordHash });
  }

  /** Counts users with new ones blocked until the caller commits (first-run setup). */
  lockAndCount(tx: EntityManager): Promise<number> {
    return this.repository.lockAndCount(tx);
  }

  /** Which of these ids are users. */
  existingIds(tx: EntityManager, ids: string[]): Promise<string[]> {
    return this.repository.existingIds(tx, ids);
  }

  /** The approver right an admin gives (managers and admins approve by role). */
  hasApproverRight(tx: EntityManager, id: string): Promise<boolean> {
    return this.repository.canApprove(tx, id);
  }

  /** An existing, active account. */
  isActive(tx: EntityManager, id: string): Promise<boolean> {
    return this.repository.isActive(tx, id);
  }

  findName(tx: EntityManager, id: string): Promise<string | null> {
    return this.repository.findName(tx, id);
  }

  /** Name and address of an active officer who has this notification switched on, else null. */
  findNotifiable(tx: EntityManager, id: string, switchColumn: NotificationSwitch): Promise<UserContactRow | null> {
    return this.repository.findNotifiable(tx, id, switchColumn);
  }

  /** Who is mailed when a reply waits for approval: managers, admins, holders of the approver right; not `exceptId`. */
  listReplyApproversToNotify(tx: EntityManager, exceptId: string): Promise<UserContactRow[]> {
    return this.repository.listReplyApprovers(tx, exceptId);
  }

  /** Who is mailed when a statement version waits for approval: managers and admins; not `exceptId`. */
  listStatementApproversToNotify(tx: EntityManager, exceptId: string): Promise<UserContactRow[]> {
    return this.repository.listStatementApprovers(tx, exceptId);
  }

  /** Active managers and admins who switched the manager's digest on, by id. */
  listDigestSubscribers(): Promise<DigestSubscriberRow[]> {
    return this.repository.listDigestSubscribers();
  }

  /** A user's digest settings; null when the account is gone. */
  findDigestSettings(id: string): Promise<DigestSettingsRow | null> {
    return this.repository.findDigestSettings(id);
  }

  /** Changes the given digest settings (null keeps one); null when the account is gone. */
  updateDigestSettings(id: string, subscribed: boolean | null, frequency: DigestSettingsRow['frequency'] | null): Promise<DigestSettingsRow | null> {
    return this.repository.updateDigestSettings(id, subscribed, frequency);
  }

  setDigestSubscribed(id: string, subscribed: boolean): Promise<void> {
    return this.repository.setDigestSubscribed(id, subscribed);
  }

  private async findOrFail(id: string): Promise<User> {
    const user = isUuid(id) ? await this.repository.findById(id) : null;
    if (!user) throw new NotFoundException('User not found');
    return user;
  }

  private async findOrFailIn(tx: EntityManager, id: string): Promise<User> {
    const user = isUuid(id) ? await this.repository.findByIdIn(tx, id) : null;
    if (!user) throw new NotFoundException('User not found');
    return user;
  }
}
