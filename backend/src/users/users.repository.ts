import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DigestFrequency } from '@newsdesk/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';
import { User } from './user.entity.js';

/** The mail switches an officer turns on or off (a column each). */
export type NotificationSwitch = 'notify_assigned' | 'notify_replied' | 'notify_approvals';

/** Whom a mail goes to. */
export interface UserContactRow {
  name: string;
  email: string;
}

/** A manager's digest settings (`notify_weekly_digest` is the switch for daily and weekly alike). */
export interface DigestSettingsRow {
  subscribed: boolean;
  frequency: DigestFrequency;
}

/** A digest recipient: an active manager or admin who switched it on. */
export interface DigestSubscriberRow {
  id: string;
  email: string;
  name: string;
  frequency: DigestFrequency;
}

/** A person as other modules' pages name them (approvals inbox, story creator, statement authors). */
export interface UserRefRow {
  id: string;
  name: string;
  email: string;
}

/** The fields a password-reset mail needs of an active account. */
export type ActiveUserRow = Pick<User, 'id' | 'email' | 'name'>;

/** SQL for staff accounts (the users table); no decisions. A method taking `tx` runs in the caller's transaction. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<User[]> {
    return this.dataSource.getRepository(User).find({ order: { name: 'ASC' } });
  }

  findById(id: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ id });
  }

  findByIdIn(tx: EntityManager, id: string): Promise<User | null> {
    return tx.getRepository(User).findOneBy({ id });
  }

  /** The names of a page's people in one statement (deactivated accounts included: history keeps its names). */
  findRefsByIds(ids: string[]): Promise<UserRefRow[]> {
    return sqlRows<UserRefRow>(this.dataSource, 'SELECT id, name, email FROM users WHERE id = ANY($1::uuid[])', [ids]);
  }

  findByIds(ids: string[]): Promise<User[]> {
    return this.dataSource.getRepository(User).findBy({ id: In(ids) });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email });
  }

  /** The one read that loads the password hash (not selected by default), by email for sign-in. */
  findWithPasswordHashByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).createQueryBuilder('user').addSelect('user.passwordHash').where('user.email = :email', { email }).getOne();
  }

  /** The password hash with the account, by id: re-checking the current password. */
  findWithPasswordHash(id: string): Promise<User | null> {
    return this.dataSource.getRepository(User).createQueryBuilder('user').addSelect('user.passwordHash').where('user.id = :id', { id }).getOne();
  }

  findActiveByEmail(tx: EntityManager, email: string): Promise<ActiveUserRow | null> {
    return tx.getRepository(User).findOne({ where: { email, active: true }, select: { id: true, email: true, name: true } });
  }

  findContact(tx: EntityManager, id: string): Promise<UserContactRow | null> {
    return sqlRow<UserContactRow>(tx, `SELECT name, email FROM users WHERE id = $1`, [id]);
  }

  emailExists(tx: EntityManager, email: string): Promise<boolean> {
    return tx.getRepository(User).exists({ where: { email } });
  }

  insert(tx: EntityManager, values: Pick<User, 'email' | 'name' | 'role' | 'passwordHash' | 'signature'>): Promise<User> {
    return tx.getRepository(User).save(tx.getRepository(User).create(values));
  }

  save(tx: EntityManager, user: User): Promise<User> {
    return tx.getRepository(User).save(user);
  }

  async update(tx: EntityManager, id: string, changes: Partial<User>): Promise<void> {
    await tx.getRepository(User).update({ id }, changes);
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(User).count();
  }

  /** Blocks other inserts of users until the caller commits, then counts: only one first admin is ever created. */
  async lockAndCount(tx: EntityManager): Promise<number> {
    await sqlExec(tx, 'LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
    return tx.getRepository(User).count();
  }

  async existingIds(tx: EntityManager, ids: string[]): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(tx, `SELECT id FROM users WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map((row) => row.id);
  }

  async canApprove(tx: EntityManager, id: string): Promise<boolean> {
    const row = await sqlRow<{ can_approve: boolean }>(tx, `SELECT can_approve FROM users WHERE id = $1`, [id]);
    return !!row?.can_approve;
  }

  async isActive(tx: EntityManager, id: string): Promise<boolean> {
    const row = await sqlRow<{ active: boolean }>(tx, `SELECT active FROM users WHERE id = $1`, [id]);
    return !!row?.active;
  }

  async findName(tx: EntityManager, id: string): Promise<string | null> {
    const row = await sqlRow<{ name: string }>(tx, `SELECT name FROM users WHERE id = $1`, [id]);
    return row?.name ?? null;
  }

  /** The officer when active and the switch is on; the column comes from the closed NotificationSwitch union. */
  findNotifiable(tx: EntityManager, id: string, switchColumn: NotificationSwitch): Promise<UserContactRow | null> {
    return sqlRow<UserContactRow>(tx, `SELECT name, email FROM users WHERE id = $1 AND active AND ${switchColumn}`, [id]);
  }

  /** Active managers, admins and holders of the approver right who want approval mails, but one. */
  listReplyApprovers(tx: EntityManager, exceptId: string): Promise<UserContactRow[]> {
    return sqlRows<UserContactRow>(
      tx,
      `SELECT name, email FROM users
        WHERE active AND notify_approvals AND id <> $1 AND (role IN ('manager', 'admin') OR can_approve)
        ORDER BY email`,
      [exceptId],
    );
  }

  /** Active managers and admins who want approval mails, but one. */
  listStatementApprovers(tx: EntityManager, exceptId: string): Promise<UserContactRow[]> {
    return sqlRows<UserContactRow>(
      tx,
      `SELECT name, email FROM users WHERE active AND notify_approvals AND id <> $1 AND role IN ('manager', 'admin') ORDER BY email`,
      [exceptId],
    );
  }

  listDigestSubscribers(): Promise<DigestSubscriberRow[]> {
    return sqlRows<DigestSubscriberRow>(
      this.dataSource,
      `SELECT id, email, name, digest_frequency AS frequency FROM users WHERE active AND notify_weekly_digest AND role IN ('admin', 'manager') ORDER BY id`,
    );
  }

  findDigestSettings(id: string): Promise<DigestSettingsRow | null> {
    return sqlRow<DigestSettingsRow>(this.dataSource, 'SELECT notify_weekly_digest AS subscribed, digest_frequency AS frequency FROM users WHERE id = $1', [id]);
  }

  /** Changes what is given (null keeps a setting); null when the account is gone. */
  updateDigestSettings(id: string, subscribed: boolean | null, frequency: DigestFrequency | null): Promise<DigestSettingsRow | null> {
    return sqlRow<DigestSettingsRow>(
      this.dataSource,
      `UPDATE users SET notify_weekly_digest = coalesce($2, notify_weekly_digest), digest_frequency = coalesce($3, digest_frequency), updated_at = now()
        WHERE id = $1 RETURNING notify_weekly_digest AS subscribed, digest_frequency AS frequency`,
      [id, subscribed, frequency],
    );
  }

  async setDigestSubscribed(id: string, subscribed: boolean): Promise<void> {
    await sqlExec(this.dataSource, 'UPDATE users SET notify_weekly_digest = $2, updated_at = now() WHERE id = $1', [id, subscribed]);
  }
}
