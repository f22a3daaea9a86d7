import type { RequestType, TicketChannel, TicketOutcome, TicketPriority, TicketStatus } from '@newsdesk/shared';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Journalist } from '../contacts/journalist.entity.js';
import { Outlet } from '../contacts/outlet.entity.js';
import { User } from '../users/user.entity.js';

/** `tickets.reference` as migration 1764316800000 generates it. */
export const TICKET_REFERENCE_EXPRESSION = "'ND-' || number::text";

/** Characters of message text kept in `tickets.search_text`: the GIN index is the main cost of a ticket insert, hence the cap. */
export const SEARCH_TEXT_LIMIT = 16_384;

/** `tickets.search_vector` as migration 1766100000000 generates it. */
export const TICKET_SEARCH_VECTOR_EXPRESSION = `setweight(to_tsvector('simple', search_fold(subject)), 'A') || setweight(to_tsvector('simple', search_fold(search_contacts)), 'B') || to_tsvector('simple', search_fold(left(search_text, ${SEARCH_TEXT_LIMIT})))`;

/** One media inquiry. */
@Entity('tickets')
@Index('tickets_number_key', ['number'], { unique: true })
@Index('tickets_created_idx', ['createdAt', 'id'])
@Index('tickets_updated_idx', ['updatedAt', 'id'])
@Index('tickets_journalist_idx', ['journalistId'])
@Index('tickets_outlet_idx', ['outletId'])
@Index('tickets_tags_idx', ['tags'], { type: 'gin' })
@Index('tickets_acknowledged_idx', ['acknowledgedAt'], { where: 'acknowledged_at IS NOT NULL' })
@Index('tickets_first_response_idx', ['firstResponseAt'], { where: 'first_response_at IS NOT NULL' })
@Index('tickets_resolved_idx', ['resolvedAt'], { where: 'resolved_at IS NOT NULL' })
@Index('tickets_deadline_at_idx', ['deadlineAt'], { where: 'deadline_at IS NOT NULL' })
@Index('tickets_search_idx', ['searchVector'], { type: 'gin' })
// Expression indexes TypeORM cannot express (EFFECTIVE_DEADLINE, trigram story match): the migrations own them.
@Index('tickets_effective_deadline_idx', { synchronize: false })
@Index('tickets_status_effective_deadline_idx', { synchronize: false })
@Index('tickets_assignee_status_effective_deadline_idx', { synchronize: false })
@Index('tickets_story_match_idx', { synchronize: false })
// Response-target indexes with INCLUDE columns and an expression key: the migrations own them too.
@Index('tickets_target_due_idx', { synchronize: false })
@Index('tickets_target_queue_idx', { synchronize: false })
@Index('tickets_status_target_queue_idx', { synchronize: false })
@Check('tickets_status_check', `status IN ('new', 'open', 'pending', 'resolved', 'closed')`)
@Check('tickets_priority_check', `priority IN ('low', 'normal', 'high', 'urgent')`)
@Check('tickets_request_type_check', `request_type IN ('comment', 'interview', 'data', 'background', 'other')`)
@Check('tickets_outcome_check', `outcome IN ('statement_given', 'interview_arranged', 'declined', 'referred', 'no_response')`)
@Check('tickets_channel_check', `channel IN ('email', 'web', 'phone', 'in_person')`)
export class Ticket {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** From the `ticket_number_seq` sequence; shown as `ND-<number>`. */
  @Column({ type: 'bigint', default: () => "nextval('ticket_number_seq')", insert: false, update: false, transformer: { to: (v: unknown) => v, from: (v: string) => Number(v) } })
  number: number;

  // The generated expression is also recorded in typeorm_metadata (migration 1766570000000), where TypeORM compares it.
  @Column({ type: 'text', nullable: true, generatedType: 'STORED', asExpression: TICKET_REFERENCE_EXPRESSION, insert: false, update: false })
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
  /** The foreign key only, never loaded: another module's row is read through its service or published view. */
  assignee?: never;

  @Column('uuid', { nullable: true })
  journalistId: string | null;

  @ManyToOne(() => Journalist, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'journalist_id' })
  /** The foreign key only, never loaded: another module's row is read through its service or published view. */
  journalist?: never;

  @Column('uuid', { nullable: true })
  outletId: string | null;

  @ManyToOne(() => Outlet, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'outlet_id' })
  /** The foreign key only, never loaded: another module's row is read through its service or published view. */
  outlet?: never;

  @Column('text', { nullable: true })
  outcome: TicketOutcome | null;

  @Column('text', { nullable: true })
  outcomeNote: string | null;

  /** Link to the published story that came of the inquiry. */
  @Column('text', { nullable: true })
  coverageUrl: string | null;

  /** Who spoke for the organisation (may differ from the officer handling the ticket). */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => User, { onDelete: 'SET NULL' })
  spokespersonId: string | null;

  @Column('uuid', { nullable: true })
  @ForeignKey(() => User, { onDelete: 'SET NULL' })
  createdById: string | null;

  /** A web-form ticket from a sender who already has this (open or recent) ticket: staff may merge. */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => Ticket, { onDelete: 'SET NULL' })
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

  /** Who held the ticket when the first reply went out (the trigger sets it): hits and breaches count for them. */
  @Column({ type: 'uuid', nullable: true, insert: false, update: false })
  @ForeignKey(() => User, { onDelete: 'SET NULL' })
  targetOfficerId: string | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Column('integer', { default: 0 })
  reopenCount: number;

  @Column('timestamptz', { default: () => 'now()' })
  lastActivityAt: Date;

  /**
   * The newest inbound and outbound message times (the queue's markers), kept in SQL with each message added
   * (TicketsRepository.recordMessageTimes): never read or written through the entity, whose Date would drop microseconds.
   */
  @Column({ type: 'timestamptz', nullable: true, select: false, insert: false, update: false })
  lastInboundAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true, select: false, insert: false, update: false })
  lastOutboundAt: Date | null;

  /** Subject-independent text fed to the full-text index (capped at ~16 KB). */
  @Column('text', { default: '', select: false })
  searchText: string;

  /** Journalist's and outlet's names and addresses for search, kept current by triggers. */
  @Column('text', { default: '', select: false })
  searchContacts: string;

  @Column({ type: 'tsvector', nullable: true, select: false, generatedType: 'STORED', asExpression: TICKET_SEARCH_VECTOR_EXPRESSION, insert: false, update: false })
  searchVector: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
