import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRESENCE_TTL_MS, type PresenceState, type TicketPresenceDto } from '@newsdesk/shared';
import { DataSource } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { PresenceRepository } from './presence.repository.js';
import { toTicketPresenceDto } from './realtime.mapper.js';

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
    private readonly presence: PresenceRepository,
  ) {}

  async get(idOrReference: string, _user: RequestUser): Promise<TicketPresenceDto> {
    const { id } = await this.tickets.findAccessible(idOrReference);
    await this.presence.deleteExpiredOnTicket(this.dataSource.manager, id, TTL_SECONDS);
    return this.viewers(id);
  }

  /** A heartbeat: enters or refreshes the caller's presence; `since` restarts when the state changes. */
  async update(idOrReference: string, state: PresenceState, user: RequestUser): Promise<TicketPresenceDto> {
    const { id } = await this.tickets.findAccessible(idOrReference);
    await this.dataSource.transaction(async (tx) => {
      await this.presence.deleteExpiredOnTicket(tx, id, TTL_SECONDS);
      await this.presence.upsert(tx, id, user.id, state);
    });
    return this.viewers(id);
  }

  async leave(idOrReference: string, user: RequestUser): Promise<void> {
    const { id } = await this.tickets.findAccessible(idOrReference);
    await this.presence.delete(id, user.id);
  }

  /** The people on a ticket now, longest-present first. No access check: callers have done it. */
  async viewers(ticketId: string): Promise<TicketPresenceDto> {
    return toTicketPresenceDto(ticketId, await this.presence.findViewers(ticketId, TTL_SECONDS));
  }

  /** Deletes every expired entry (each deletion notifies its ticket's watchers); returns how many. */
  async sweep(): Promise<number> {
    return this.presence.deleteExpired(TTL_SECONDS);
  }
}
