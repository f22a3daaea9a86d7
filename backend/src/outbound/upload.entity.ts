import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity.js';

/** A file an officer uploaded for a reply; its bytes are already in AttachmentStorage under `sha256`. */
@Entity('uploads')
@Index('uploads_user_idx', ['userId', 'createdAt'])
export class Upload {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  @ForeignKey(() => User, { onDelete: 'CASCADE' })
  userId: string;

  @Column('text')
  filename: string;

  @Column('text')
  contentType: string;

  @Column('integer')
  size: number;

  @Column('text')
  sha256: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
