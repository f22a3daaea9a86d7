import type { EventType } from '@newsdesk/shared';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only log of every change: who, what, when, before and after. UPDATE and DELETE are refused by a trigger. */
@Entity('events')
@Index('events_ticket_idx', ['ticketId', 'id'], { where: 'ticket_id IS NOT NULL' })
@Index('events_entity_idx', ['entityType', 'entityId', 'id'])
@Index('events_created_idx', ['createdAt'])
export class Event {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  /** One of EVENT_TYPES (`ticket.updated`, `note.added`, `auth.login`, …): EventsService writes no other. */
  @Column('text')
  type: EventType;

  @Column('text')
  entityType: string;

  @Column('uuid', { nullable: true })
  entityId: string | null;

  /** Set for every event about a ticket, so a ticket's history is one indexed read. */
  @Column('uuid', { nullable: true })
  ticketId: string | null;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('jsonb', { nullable: true })
  before: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
