import { Injectable } from '@nestjs/common';
import type { UserRole } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, MoreThan, Not, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { preparedRows } from '../database/prepared-statement.js';
import { sqlExec, sqlRows } from '../database/sql.js';
import { Session } from './session.entity.js';

/** A session with its active user and whether that user has a confirmed second factor. */
export interface SessionUserRow {
  id: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  userId: string;
  email: string;
  name: string;
  role: UserRole;
  totpConfirmed: boolean;
}

/** A new session's stored fields (the cookie token only as its keyed hash). */
export type NewSession = Pick<Session, 'tokenHash' | 'userId' | 'csrfToken' | 'lastSeenAt' | 'expiresAt' | 'ip' | 'userAgent'>;

/** SQL for dashboard sessions: the check every request makes, sign-in, sign-out and ending them; no decisions. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One indexed read (the unique token_hash index); the second-factor state comes along for the enrolment check. */
  async findWithUser(tokenHash: string): Promise<SessionUserRow | null> {
    const [row] = await preparedRows<SessionUserRow>(
      this.dataSource,
      `SELECT s.id, s.csrf_token AS "csrfToken", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
              u.id AS "userId", u.email, u.name, u.role,
              EXISTS (SELECT 1 FROM totp_credentials c WHERE c.user_id = u.id AND c.confirmed_at IS NOT NULL) AS "totpConfirmed"
         FROM sessions s JOIN users_view u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND u.active`,
      [tokenHash],
    );
    return row ?? null;
  }

  async touch(id: string, at: Date): Promise<void> {
    await sqlExec(this.dataSource, `UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, [id, at]);
  }

  async delete(id: string): Promise<void> {
    await sqlExec(this.dataSource, `DELETE FROM sessions WHERE id = $1`, [id]);
  }

  insert(tx: EntityManager, values: NewSession): Promise<Session> {
    return tx.getRepository(Session).save(tx.getRepository(Session).create(values));
  }

  async deleteByTokenHash(tx: EntityManager, tokenHash: string): Promise<void> {
    await tx.delete(Session, { tokenHash });
  }

  /** Housekeeping at sign-in: the user's sessions past their absolute expiry. */
  async deleteExpiredOf(tx: EntityManager, userId: string, now: Date): Promise<void> {
    await tx.delete(Session, { userId, expiresAt: LessThan(now) });
  }

  /** Ends one of the user's sessions; false when the user has no such session. */
  async deleteOneOf(tx: EntityManager, userId: string, id: string): Promise<boolean> {
    return ((await tx.delete(Session, { id, userId })).affected ?? 0) > 0;
  }

  /** Ends every session of the user, but `keepId` when given; the number ended. */
  async deleteAllOf(tx: EntityManager, userId: string, keepId?: string): Promise<number> {
    const where: FindOptionsWhere<Session> = keepId ? { userId, id: Not(keepId) } : { userId };
    return (await tx.delete(Session, where)).affected ?? 0;
  }

  /** The user's sessions not yet expired nor idle past `idleSince`, most recently used first. */
  listLiveOf(userId: string, now: Date, idleSince: Date): Promise<Session[]> {
    return this.dataSource.getRepository(Session).find({
      where: { userId, expiresAt: MoreThan(now), lastSeenAt: MoreThan(idleSince) },
      order: { lastSeenAt: 'DESC' },
    });
  }

  /** Of these sessions, the ids still valid at `now` (active user, not expired, used within `idleMinutes`). */
  async findStillValid(ids: string[], idleMinutes: number, now: Date): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT s.id FROM sessions s JOIN users_view u ON u.id = s.user_id
        WHERE s.id = ANY($1::uuid[]) AND u.active AND s.expires_at > $3
          AND s.last_seen_at > $3::timestamptz - make_interval(mins => $2)`,
      [ids, idleMinutes, now],
    );
    return rows.map((row) => row.id);
  }
}
