import type { RequestType, TicketChannel, TicketOutcome, TicketPriority, TicketStatus } from '@newsdesk/shared';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Journalist } from '../contacts/journalist.entity.js';
import { Outlet } from '../contacts/outlet.entity.js';
import { User } from '../users/user.entity.js';

/** One media inquiry. */
@Entity('tickets')
export class Ticket {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** From the `ticket_number_seq` sequence; shown as `ND-<number>`. */
  @Column({ type: 'bigint', insert: false, update: false, transformer: { to: (v: unknown) => v, from: (v: string) => Number(v) } })
  number: number;

  @Column({ type: 'text', insert: false, update: false })
  reference: string;

  @Column('text')
  subject: string;

  @Column('text', { default: 'new' })
  status: TicketStatus;

  @Column('text', { default: 'normal' })
  priority: TicketPriority;

  @Column('text')
  channel: TicketChannel;

  @Column('text', { default: 'other' })
  requestType: RequestType;

  @Column('text', { array: true, default: () => "'{}'" })
  tags: string[];

  @Column('timestamptz', { nullable: true })
  deadlineAt: Date | null;

  /** Deadline read out of the mail text, for an officer to confirm. */
  @Column('timestamptz', { nullable: true })
  suggestedDeadlineAt: Date | null;

  @Column('uuid', { nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee: Relation<User> | null;

  @Column('uuid', { nullable: true })
  journalistId: string | null;

  @ManyToOne(() => Journalist, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'journalist_id' })
  journalist: Relation<Journalist> | null;

  @Column('uuid', { nullable: true })
  outletId: string | null;

  @ManyToOne(() => Outlet, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'outlet_id' })
  outlet: Relation<Outlet> | null;

  @Column('text', { nullable: true })
  outcome: TicketOutcome | null;

  @Column('text', { nullable: true })
  outcomeNote: string | null;

  /** Link to the published story that came of the inquiry. */
  @Column('text', { nullable: true })
  coverageUrl: string | null;

  /** Who spoke for the organisation (may differ from the officer handling the ticket). */
  @Column('uuid', { nullable: true })
  spokespersonId: string | null;

  @Column('uuid', { nullable: true })
  createdById: string | null;

  /** A web-form ticket from a sender who already has this (open or recent) ticket: staff may merge. */
  @Column('uuid', { nullable: true })
  possibleDuplicateOfId: string | null;

  @Column('timestamptz', { nullable: true })
  acknowledgedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  firstResponseAt: Date | null;

  /** The first-response target (office minutes) and its due time: set by the database trigger, never written here. */
  @Column({ type: 'integer', nullable: true, insert: false, update: false })
  targetMinutes: number | null;

  @Column({ type: 'timestamptz', nullable: true, insert: false, update: false })
  targetDueAt: Date | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Column('integer', { default: 0 })
  reopenCount: number;

  @Column('timestamptz', { default: () => 'now()' })
  lastActivityAt: Date;

  /** Subject-independent text fed to the full-text index (capped at ~16 KB). */
  @Column('text', { default: '', select: false })
  searchText: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
