import type { IntakeDoor, IntakeOutcome } from '@newsdesk/shared';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The exact bytes of an inbound message, stored before anything else happens to them. */
@Entity('raw_messages')
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
}
