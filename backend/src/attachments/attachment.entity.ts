import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Message } from '../messages/message.entity.js';

/** Metadata of a file attached to a message; the bytes live in AttachmentStorage under `storageKey`. */
@Entity('attachments')
@Index('attachments_message_idx', ['messageId'])
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  messageId: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message: Relation<Message>;

  /** Neutralised (no path separators, control or bidi characters). */
  @Column('text')
  filename: string;

  @Column('text')
  contentType: string;

  @Column('integer')
  size: number;

  @Column('text')
  sha256: string;

  @Column('text')
  storageKey: string;

  @Column('boolean', { default: false })
  inline: boolean;

  @Column('text', { nullable: true })
  contentId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
