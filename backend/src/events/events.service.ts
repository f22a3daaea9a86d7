import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isEventType, type EventType } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { Event } from './event.entity.js';
import { EventsRepository, type TicketEventReplayRow } from './events.repository.js';

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsRepository,
  ) {}

  /** Records the event in the change's own transaction: if either fails, neither is kept. */
  async record(input: EventInput, tx: EntityManager): Promise<void> {
    await this.recordMany([input], tx);
  }

  /** Records events in order in one statement. */
  async recordMany(inputs: EventInput[], tx: EntityManager): Promise<void> {
    if (!inputs.length) return;
    // The union stops unknown types at compile time; this stops a value cast or read from elsewhere, before anything is written.
    const unknown = inputs.find((input) => !isEventType(input.type));
    if (unknown) throw new Error(`Unknown event type ${JSON.stringify(unknown.type)}: add it to EVENT_TYPES in shared/src/events.ts`);
    await this.events.insertMany(
      tx,
      inputs.map((input) => ({
        type: input.type,
        entityType: input.entityType,
        entityId: input.entityId ?? null,
        ticketId: input.ticketId ?? null,
        actorId: input.actorId ?? null,
        before: json(input.before),
        after: json(input.after),
      })),
    );
  }

  /**
   * For an event that records no database change of its own (a login, a failed second factor):
   * it commits alone. A change's event goes through record(event, tx) instead.
   */
  recordOutsideTransaction(input: EventInput): Promise<void> {
    return this.record(input, this.dataSource.manager);
  }

  forTicket(ticketId: string): Promise<Event[]> {
    return this.events.forTicket(ticketId);
  }

  /** The newest event id ('0' when none), where the live-update stream starts. */
  lastId(): Promise<string> {
    return this.events.findLastId();
  }

  /** Ticket events a live-update listener missed while reconnecting. */
  ticketEventsAfter(afterId: string, windowMinutes: number, limit: number): Promise<TicketEventReplayRow[]> {
    return this.events.ticketEventsAfter(afterId, windowMinutes, limit);
  }

  /** Erasure, in its transaction: removes a value (a name, an address) from the log, the one change the log allows. */
  async redactIn(tx: EntityManager, values: string[]): Promise<void> {
    await this.events.allowRedaction(tx);
    for (const value of values) await this.events.redactValue(tx, JSON.stringify(value).slice(1, -1));
  }
}

function json(value: Record<string, unknown> | null | undefined): string | null {
  return value == null ? null : JSON.stringify(value);
}
