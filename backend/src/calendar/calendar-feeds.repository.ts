import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';

export interface CalendarFeedTokenRow {
  id: string;
  user_id: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
}

/** A live link and the person it belongs to (only active people have one that works). */
export interface CalendarFeedOwnerRow {
  id: string;
  user_id: string;
  user_name: string;
  last_used_at: Date | null;
}

/** The SQL of calendar_feed_tokens and calendar_feed_requests: typed rows in and out, no decisions. */
@Injectable()
export class CalendarFeedsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByUser(userId: string): Promise<CalendarFeedTokenRow | null> {
    return sqlRow<CalendarFeedTokenRow>(this.dataSource, `SELECT id, user_id, prefix, created_at, last_used_at FROM calendar_feed_tokens WHERE user_id = $1`, [userId]);
  }

  /** Creates the person's link or replaces its secret: the old secret stops matching in the same statement. */
  async upsert(tx: EntityManager, userId: string, tokenHash: string, prefix: string, now: Date): Promise<CalendarFeedTokenRow> {
    const [row] = await sqlRows<CalendarFeedTokenRow>(
      tx,
      `INSERT INTO calendar_feed_tokens (user_id, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, prefix = EXCLUDED.prefix, created_at = EXCLUDED.created_at, last_used_at = NULL
       RETURNING id, user_id, prefix, created_at, last_used_at`,
      [userId, tokenHash, prefix, now],
    );
    return row;
  }

  /** Deletes the person's link; the prefix of what was deleted, or null when there was none. */
  async deleteByUser(tx: EntityManager, userId: string): Promise<string | null> {
    const row = await sqlRow<{ prefix: string }>(tx, `DELETE FROM calendar_feed_tokens WHERE user_id = $1 RETURNING prefix`, [userId]);
    return row?.prefix ?? null;
  }

  async findOwnerByHash(tokenHash: string): Promise<CalendarFeedOwnerRow | null> {
    return sqlRow<CalendarFeedOwnerRow>(
      this.dataSource,
      `SELECT f.id, f.user_id, u.name AS user_name, f.last_used_at
         FROM calendar_feed_tokens f JOIN users_view u ON u.id = f.user_id
        WHERE f.token_hash = $1 AND u.active`,
      [tokenHash],
    );
  }

  async touch(id: string, now: Date): Promise<void> {
    await sqlExec(this.dataSource, `UPDATE calendar_feed_tokens SET last_used_at = $2 WHERE id = $1`, [id, now]);
  }

  /** Counts one request against `key` in the hour window starting at `windowStart`; the count including it. */
  async countRequest(key: string, windowStart: Date): Promise<number> {
    const [row] = await sqlRows<{ count: number }>(
      this.dataSource,
      `INSERT INTO calendar_feed_requests (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET count = calendar_feed_requests.count + 1
       RETURNING count`,
      [key, windowStart],
    );
    return row.count;
  }

  async deleteWindowsBefore(cutoff: Date): Promise<void> {
    await sqlExec(this.dataSource, `DELETE FROM calendar_feed_requests WHERE window_start < $1`, [cutoff]);
  }
}

/**
 * Ending a person's links runs in other modules' transactions (a password reset, a deactivation):
 * the caller's `tx` is the only connection, so the class needs none of its own.
 */
@Injectable()
export class CalendarLinkRevocationRepository {
  /** Deletes every link of the person; how many. */
  deleteByUser(tx: EntityManager, userId: string): Promise<number> {
    return sqlExec(tx, 'DELETE FROM calendar_feed_tokens WHERE user_id = $1 RETURNING id', [userId]);
  }
}
