import type { AddressDto, DeliveryStatus, OutboundKind } from '@newsdesk/shared';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Message } from '../messages/message.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { User } from '../users/user.entity.js';

/** One mail in the outbox, committed in the same transaction as what caused it. */
@Entity('outbound_messages')
@Index('outbound_messages_ticket_idx', ['ticketId', 'createdAt'])
@Index('outbound_messages_rfc_id_key', ['rfcMessageId'], { unique: true })
@Index('outbound_messages_message_idx', ['messageId'], { where: 'message_id IS NOT NULL' })
@Index('outbound_messages_pending_idx', ['nextAttemptAt'], { where: `status IN ('queued', 'sending')` })
@Index('outbound_messages_created_idx', ['createdAt', 'id'])
@Index('outbound_messages_status_created_idx', ['status', 'createdAt', 'id'])
@Check('outbound_messages_kind_check', `kind IN ('acknowledgement', 'reply', 'notification', 'test')`)
@Check('outbound_messages_status_check', `status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')`)
@Check('outbound_messages_delivered_via_check', `delivered_via IN ('smtp', 'outbox')`)
export class OutboundMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  kind: OutboundKind;

  @Column('text', { default: 'queued' })
  status: DeliveryStatus;

  @Column('uuid', { nullable: true })
  @ForeignKey(() => Ticket, { onDelete: 'SET NULL' })
  ticketId: string | null;

  /** The thread message (for replies) this mail delivers. */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => Message, { onDelete: 'SET NULL' })
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

  /** Files made for the mail itself (the digest's CSVs): [{ filename, contentType, content (base64) }]. */
  @Column('jsonb', { default: () => "'[]'" })
  generatedAttachments: { filename: string; contentType: string; content: string }[];

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
  @ForeignKey(() => User, { onDelete: 'SET NULL' })
  cancelledById: string | null;
}
