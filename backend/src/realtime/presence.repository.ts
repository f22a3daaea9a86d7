import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PresenceState } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRows } from '../database/sql.js';
import type { PresenceRow } from './realtime.mapper.js';

/** The SQL of the UNLOGGED presence table: typed rows in and out, no decisions. */
@Injectable()
export class PresenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Enters or refreshes a person on a ticket; `since` restarts when the state changes. */
  async upsert(tx: EntityManager, ticketId: string, userId: string, state: PresenceState): Promise<void> {
    await sqlExec(
      tx,
      `INSERT INTO presence (ticket_id, user_id, state) VALUES ($1, $2, $3)
       ON CONFLICT (ticket_id, user_id) DO UPDATE
          SET state = EXCLUDED.state,
              updated_at = now(),
              since = CASE WHEN presence.state = EXCLUDED.state THEN presence.since ELSE now() END`,
      [ticketId, userId, state],
    );
  }

  async delete(ticketId: string, userId: string): Promise<void> {
    await sqlExec(this.dataSource, `DELETE FROM presence WHERE ticket_id = $1 AND user_id = $2`, [ticketId, userId]);
  }

  /** The people seen on a ticket in the last `ttlSeconds`, longest-present first. */
  findViewers(ticketId: string, ttlSeconds: number): Promise<PresenceRow[]> {
    return sqlRows<PresenceRow>(
      this.dataSource,
      `SELECT p.user_id, u.name, p.state, p.since
         FROM presence p JOIN users_view u ON u.id = p.user_id
        WHERE p.ticket_id = $1 AND p.updated_at >= now() - make_interval(secs => $2)
        ORDER BY p.since, u.name`,
      [ticketId, ttlSeconds],
    );
  }

  /** Deletes one ticket's entries older than `ttlSeconds`, in the heartbeat's transaction (or the pool's manager for a read). */
  async deleteExpiredOnTicket(tx: EntityManager, ticketId: string, ttlSeconds: number): Promise<void> {
    await sqlExec(tx, `DELETE FROM presence WHERE ticket_id = $1 AND updated_at < now() - make_interval(secs => $2)`, [ticketId, ttlSeconds]);
  }

  /** Deletes every entry older than `ttlSeconds`; how many. */
  deleteExpired(ttlSeconds: number): Promise<number> {
    return sqlExec(this.dataSource, `DELETE FROM presence WHERE updated_at < now() - make_interval(secs => $1)`, [ttlSeconds]);
  }
}
