import { Injectable } from '@nestjs/common';
import type { UserRole } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedRows } from '../database/prepared-statement.js';

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

/** SQL for the session check every dashboard request makes; no decisions. */
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
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND u.active`,
      [tokenHash],
    );
    return row ?? null;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, [id, at]);
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE id = $1`, [id]);
  }
}
