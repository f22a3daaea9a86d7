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

/** Writes the append-only event log; pass the transaction's manager so the event commits with the change. */
@Injectable()
export class EventsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(input: EventInput, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const repository = manager.getRepository(Event);
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

  forTicket(ticketId: string): Promise<Event[]> {
    return this.dataSource.getRepository(Event).find({ where: { ticketId }, order: { id: 'ASC' } });
  }
}
