import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Event } from './event.entity.js';

export interface EventInput {
  type: string;
  entityType: string;
  entityId?: string | null;
  ticketId?: string | null;
  actorId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Writes the append-only event log; an event that records a change commits in that change's transaction. */
@Injectable()
export class EventsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records the event in the change's own transaction: if either fails, neither is kept. */
  async record(input: EventInput, tx: EntityManager): Promise<void> {
    const repository = tx.getRepository(Event);
    await repository.save(repository.create({
      type: input.type,
      entityType: input.entityType,
      entityId: input.entityId ?? null,
      ticketId: input.ticketId ?? null,
      actorId: input.actorId ?? null,
      before: input.before ?? null,
      after: input.after ?? null,
    }));
  }

  /**
   * For an event that records no database change of its own (a login, a failed second factor):
   * it commits alone. A change's event goes through record(event, tx) instead.
   */
  recordOutsideTransaction(input: EventInput): Promise<void> {
    return this.record(input, this.dataSource.manager);
  }

  forTicket(ticketId: string): Promise<Event[]> {
    return this.dataSource.getRepository(Event).find({ where: { ticketId }, order: { id: 'ASC' } });
  }
}
