import type { AddressDto } from '@newsdesk/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OutboundKind = 'acknowledgement' | 'reply' | 'notification' | 'test';
export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** One mail in the outbox, committed in the same transaction as what caused it. */
@Entity('outbound_messages')
export class OutboundMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  kind: OutboundKind;

  @Column('text', { default: 'queued' })
  status: OutboundStatus;

  @Column('uuid', { nullable: true })
  ticketId: string | null;

  /** The thread message (for replies) this mail delivers. */
  @Column('uuid', { nullable: true })
  messageId: string | null;

  @Column('text')
  fromAddress: string;

  /** The From display name; null = MAIL_FROM_NAME. */
  @Column('text', { nullable: true })
  fromName: string | null;

  @Column('jsonb')
  toAddresses: AddressDto[];

  @Column('jsonb', { default: () => "'[]'" })
  ccAddresses: AddressDto[];

  @Column('text')
  subject: string;

  @Column('text')
  text: string;

  @Column('text', { nullable: true })
  html: string | null;

  /** Threading and loop headers: In-Reply-To, References, Auto-Submitted, Thread-Index… */
  @Column('jsonb', { default: () => "'{}'" })
  headers: Record<string, string>;

  /** Our signed Message-ID (no angle brackets). */
  @Column('text')
  rfcMessageId: string;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('timestamptz', { default: () => 'now()' })
  nextAttemptAt: Date;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('text', { nullable: true })
  smtpResponse: string | null;

  /** Set when sent: a mail server accepted it (`smtp`) or it was written to the local outbox folder. */
  @Column('text', { nullable: true })
  deliveredVia: 'smtp' | 'outbox' | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  /** The time the officer chose for a scheduled send (null: sent after the undo window). */
  @Column('timestamptz', { nullable: true })
  scheduledFor: Date | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt: Date | null;

  @Column('uuid', { nullable: true })
  cancelledById: string | null;
}
