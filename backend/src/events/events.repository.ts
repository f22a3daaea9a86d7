import type { EventType } from '@newsdesk/shared';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';
import { Event } from './event.entity.js';

/** A row of the append-only event log as written. */
export interface EventRowInput {
  type: EventType;
  entityType: string;
  entityId: string | null;
  ticketId: string | null;
  actorId: string | null;
  before: string | null;
  after: string | null;
}

/** A ticket's event as the live-update stream replays it after a reconnect. */
export interface TicketEventReplayRow {
  id: string;
  ticketId: string;
  reference: string | null;
  type: EventType;
  actorId: string | null;
  at: Date;
}

/** The append-only event log. */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends events in order in one statement (plain SQL: every intake message writes two or more). */
  async insertMany(tx: EntityManager, rows: EventRowInput[]): Promise<void> {
    if (!rows.length) return;
    const values: unknown[] = [];
    const tuples = rows.map((row) => {
      values.push(row.type, row.entityType, row.entityId, row.ticketId, row.actorId, row.before, row.after);
      const at = values.length - 7;
      return `($${at + 1}, $${at + 2}, $${at + 3}::uuid, $${at + 4}::uuid, $${at + 5}::uuid, $${at + 6}::jsonb, $${at + 7}::jsonb)`;
    });
    await sqlExec(tx, `INSERT INTO events (type, entity_type, entity_id, ticket_id, actor_id, before, after) VALUES ${tuples.join(', ')}`, values, { named: true });
  }

  /** The newest event id (0 when there is none), as text: ids are bigint. */
  async findLastId(): Promise<string> {
    const row = await sqlRow<{ max: string }>(this.dataSource, `SELECT coalesce(max(id), 0)::text AS max FROM events`);
    return row?.max ?? '0';
  }

  /** Ticket events after an id, no older than a window, oldest first, at most `limit`, with the ticket's reference. */
  ticketEventsAfter(afterId: string, windowMinutes: number, limit: number): Promise<TicketEventReplayRow[]> {
    return sqlRows<TicketEventReplayRow>(
      this.dataSource,
      `SELECT e.id::text AS id, e.ticket_id AS "ticketId", t.reference, e.type, e.actor_id AS "actorId", e.created_at AS at
         FROM events e LEFT JOIN tickets_view t ON t.id = e.ticket_id
        WHERE e.id > $1 AND e.ticket_id IS NOT NULL AND e.created_at > now() - make_interval(mins => $2)
        ORDER BY e.id
        LIMIT $3`,
      [afterId, windowMinutes, limit],
    );
  }

  forTicket(ticketId: string): Promise<Event[]> {
    return this.dataSource.getRepository(Event).find({ where: { ticketId }, order: { id: 'ASC' } });
  }

  /** The log is append-only (a trigger refuses changes) except where this transaction-local switch is on: erasure. */
  async allowRedaction(tx: EntityManager): Promise<void> {
    await sqlExec(tx, `SET LOCAL newsdesk.redact = 'on'`);
  }

  /** Replaces a JSON-escaped value in every event's before/after with 'erased'. */
  async redactValue(tx: EntityManager, jsonValue: string): Promise<void> {
    await sqlExec(
      tx,
      `UPDATE events SET before = replace(before::text, $1, 'erased')::jsonb, after = replace(after::text, $1, 'erased')::jsonb
        WHERE (before::text LIKE '%' || $1 || '%' OR after::text LIKE '%' || $1 || '%')`,
      [jsonValue],
    );
  }
}
