import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRESENCE_TTL_MS, type PresenceState, type TicketPresenceDto } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { toTicketPresenceDto, type PresenceRow } from './realtime.mapper.js';

const TTL_SECONDS = PRESENCE_TTL_MS / 1000;

/**
 * Who has a ticket open, in the UNLOGGED `presence` table so every replica sees the same people.
 * Rows expire 45 s after their last heartbeat; triggers NOTIFY on arrival, departure and state change.
 */
@Injectable()
export class PresenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
  ) {}

  async get(idOrReference: string, _user: RequestUser): Promise<TicketPresenceDto> {
    const { id } = await this.tickets.findAccessible(idOrReference);
    await this.expire(this.dataSource.manager, id);
    return this.viewers(id);
  }

  /** A heartbeat: enters or refreshes the caller's presence; `since` restarts when the state changes. */
  async update(idOrReference: string, state: PresenceState, user: RequestUser): Promise<TicketPresenceDto> {
    const { id } = await this.tickets.findAccessible(idOrReference);
    await this.dataSource.transaction(async (tx) => {
      await this.expire(tx, id);
      await tx.query(
        `INSERT INTO presence (ticket_id, user_id, state) VALUES ($1, $2, $3)
         ON CONFLICT (ticket_id, user_id) DO UPDATE
            SET state = EXCLUDED.state,
                updated_at = now(),
                since = CASE WHEN presence.state = EXCLUDED.state THEN presence.since ELSE now() END`,
        [id, user.id, state],
      );
    });
    return this.viewers(id);
  }

  async leave(idOrReference: string, user: RequestUser): Promise<void> {
    const { id } = await this.tickets.findAccessible(idOrReference);
    await this.dataSource.query(`DELETE FROM presence WHERE ticket_id = $1 AND user_id = $2`, [id, user.id]);
  }

  /** The people on a ticket now, longest-present first. No access check: callers have done it. */
  async viewers(ticketId: string): Promise<TicketPresenceDto> {
    const rows = (await this.dataSource.query(
      `SELECT p.user_id, u.name, p.state, p.since
         FROM presence p JOIN users u ON u.id = p.user_id
        WHERE p.ticket_id = $1 AND p.updated_at >= now() - make_interval(secs => $2)
        ORDER BY p.since, u.name`,
      [ticketId, TTL_SECONDS],
    )) as PresenceRow[];
    return toTicketPresenceDto(ticketId, rows);
  }

  /** Deletes every expired entry (each deletion notifies its ticket's watchers); returns how many. */
  async sweep(): Promise<number> {
    // TypeORM answers a DELETE with [rows, affected].
    const [, deleted] = (await this.dataSource.query(`DELETE FROM presence WHERE updated_at < now() - make_interval(secs => $1)`, [
      TTL_SECONDS,
    ])) as [unknown[], number];
    return deleted;
  }

  private async expire(manager: EntityManager, ticketId: string): Promise<void> {
    await manager.query(`DELETE FROM presence WHERE ticket_id = $1 AND updated_at < now() - make_interval(secs => $2)`, [ticketId, TTL_SECONDS]);
  }
}
