import type { AddressDto, DmarcPolicy, MessageKind, SenderAuthStatus, SenderSource } from '@newsdesk/shared';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RawMessage } from '../intake/raw-message.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { User } from '../users/user.entity.js';

/** An inbound mail, an outbound reply or an internal note on a ticket. */
@Entity('messages')
@Index('messages_ticket_idx', ['ticketId', 'createdAt'])
@Index('messages_message_id_idx', ['messageId'], { where: 'message_id IS NOT NULL' })
@Check('messages_kind_check', `kind IN ('inbound', 'outbound', 'note')`)
@Check('messages_sender_auth_status_check', `sender_auth_status IN ('verified', 'unverified', 'failed')`)
@Check('messages_sender_source_check', `sender_source IN ('from', 'reply-to', 'sender', 'envelope')`)
export class Message {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket: Relation<Ticket>;

  @Column('text')
  kind: MessageKind;

  @Column('text', { nullable: true })
  fromName: string | null;

  @Column('text', { nullable: true })
  fromAddress: string | null;

  @Column('jsonb', { default: () => "'[]'" })
  to: AddressDto[];

  @Column('jsonb', { default: () => "'[]'" })
  cc: AddressDto[];

  @Column('text', { nullable: true })
  subject: string | null;

  @Column('text', { nullable: true })
  text: string | null;

  /** Sanitised server-side before it is stored. */
  @Column('text', { nullable: true })
  html: string | null;

  /** Normalised (no angle brackets, lower-cased domain). */
  @Column('text', { nullable: true })
  messageId: string | null;

  @Column('text', { nullable: true })
  inReplyTo: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  references: string[];

  @Column('uuid', { nullable: true })
  authorId: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id' })
  author: Relation<User> | null;

  @Column('uuid', { nullable: true })
  @ForeignKey(() => RawMessage, { onDelete: 'SET NULL' })
  rawMessageId: string | null;

  /** Hash of the decoded content, to tell a true duplicate from a reused Message-ID. */
  @Column('text', { nullable: true })
  contentHash: string | null;

  /** e.g. `message_id_conflict`, `delivery_failure`, `auto_reply`, `forwarded`. */
  @Column('text', { array: true, default: () => "'{}'" })
  flags: string[];

  /** What the sender newly wrote: quoted history and signature trimmed (the full text stays in `text`). */
  @Column('text', { nullable: true })
  newText: string | null;

  /** Inbound: the header (or envelope) the sender came from; null for staff messages. */
  @Column('text', { nullable: true })
  senderSource: SenderSource | null;

  /** Inbound: further From: values the message carried besides the one in `fromAddress`. */
  @Column('text', { array: true, default: () => "'{}'" })
  otherFrom: string[];

  /** Remote images blocked in `html` until the viewer asks for them. */
  @Column('integer', { default: 0 })
  remoteImages: number;

  /** Inbound only: was the sender shown to be who the From says (SPF/DKIM/DMARC or a trusted server's report). */
  @Column('text', { nullable: true })
  senderAuthStatus: SenderAuthStatus | null;

  @Column('text', { nullable: true })
  senderAuthReason: string | null;

  @Column('text', { nullable: true })
  senderDmarcPolicy: DmarcPolicy | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
