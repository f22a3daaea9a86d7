import type { DmarcPolicy, IntakeDoor, IntakeOutcome, SenderAuthStatus } from '@newsdesk/shared';
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Ticket } from '../tickets/ticket.entity.js';

/** The exact bytes of an inbound message, stored before anything else happens to them. */
@Entity('raw_messages')
@Index('raw_messages_received_idx', ['receivedAt'])
@Index('raw_messages_outcome_idx', ['outcome', 'receivedAt'])
@Index('raw_messages_sha256_idx', ['sha256'])
@Index('raw_messages_pending_idx', ['receivedAt'], { where: "outcome = 'pending'" })
@Index('raw_messages_message_id_idx', ['messageId'], { where: 'message_id IS NOT NULL' })
@Check('raw_messages_door_check', `door IN ('smtp', 'imap', 'webhook', 'import', 'web')`)
@Check('raw_messages_outcome_check', `outcome IN ('pending', 'created', 'appended', 'duplicate', 'bounce', 'auto_reply', 'quarantined')`)
@Check('raw_messages_sender_auth_status_check', `sender_auth_status IN ('verified', 'unverified', 'failed')`)
export class RawMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  door: IntakeDoor;

  @Column('timestamptz', { default: () => 'now()' })
  receivedAt: Date;

  @Column('bytea', { select: false })
  bytes: Buffer;

  @Column('text')
  sha256: string;

  @Column('integer')
  size: number;

  @Column('text', { nullable: true })
  envelopeFrom: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  envelopeTo: string[];

  @Column('text', { default: 'pending' })
  outcome: IntakeOutcome;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('uuid', { nullable: true })
  @ForeignKey(() => Ticket, { onDelete: 'SET NULL' })
  ticketId: string | null;

  @Column('text', { nullable: true })
  messageId: string | null;

  @Column('text', { nullable: true })
  fromAddress: string | null;

  @Column('text', { nullable: true })
  subject: string | null;

  @Column('timestamptz', { nullable: true })
  processedAt: Date | null;

  /** Which classification rule decided the outcome, or why it was quarantined. */
  @Column('text', { nullable: true })
  reason: string | null;

  @Column('integer', { default: 0 })
  attempts: number;

  /** Where it came from: IMAP mailbox/folder/uid, import file path. */
  @Column('text', { nullable: true })
  source: string | null;

  /** The SMTP client authenticated (a submission from our own side). */
  @Column('boolean', { default: false })
  smtpAuthenticated: boolean;

  @Column('text', { nullable: true })
  contentHash: string | null;

  /** The SMTP client's address and HELO name, for SPF. */
  @Column('text', { nullable: true })
  clientIp: string | null;

  @Column('text', { nullable: true })
  helo: string | null;

  @Column('text', { nullable: true })
  senderAuthStatus: SenderAuthStatus | null;

  @Column('text', { nullable: true })
  senderAuthReason: string | null;

  @Column('text', { nullable: true })
  senderDmarcPolicy: DmarcPolicy | null;
}
