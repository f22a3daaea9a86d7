import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isEventType, type EventType } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { Event } from './event.entity.js';

export interface EventInput {
  type: EventType;
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
    await this.recordMany([input], tx);
  }

  /** Records events in order in one statement (plain SQL: every intake message writes two or more). */
  async recordMany(inputs: EventInput[], tx: EntityManager): Promise<void> {
    if (!inputs.length) return;
    // The union stops unknown types at compile time; this stops a value cast or read from elsewhere, before anything is written.
    const unknown = inputs.find((input) => !isEventType(input.type));
    if (unknown) throw new Error(`Unknown event type ${JSON.stringify(unknown.type)}: add it to EVENT_TYPES in shared/src/events.ts`);
    const values: unknown[] = [];
    const rows = inputs.map((input) => {
      values.push(input.type, input.entityType, input.entityId ?? null, input.ticketId ?? null, input.actorId ?? null, json(input.before), json(input.after));
      const at = values.length - 7;
      return `($${at + 1}, $${at + 2}, $${at + 3}::uuid, $${at + 4}::uuid, $${at + 5}::uuid, $${at + 6}::jsonb, $${at + 7}::jsonb)`;
    });
    await tx.query(`INSERT INTO events (type, entity_type, entity_id, ticket_id, actor_id, before, after) VALUES ${rows.join(', ')}`, values);
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

function json(value: Record<string, unknown> | null | undefined): string | null {
  return value == null ? null : JSON.stringify(value);
}
