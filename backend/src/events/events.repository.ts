import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec } from '../database/sql.js';
import { Event } from './event.entity.js';

/** A row of the append-only event log as written. */
export interface EventRowInput {
  type: string;
  entityType: string;
  entityId: string | null;
  ticketId: string | null;
  actorId: string | null;
  before: string | null;
  after: string | null;
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
    await sqlExec(tx, `INSERT INTO events (type, entity_type, entity_id, ticket_id, actor_id, before, after) VALUES ${tuples.join(', ')}`, values);
  }

  forTicket(ticketId: string): Promise<Event[]> {
    return this.dataSource.getRepository(Event).find({ where: { ticketId }, order: { id: 'ASC' } });
  }
}
