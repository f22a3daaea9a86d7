import type { UserRole } from '@newsdesk/shared';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
@Index('users_email_key', ['email'], { unique: true })
@Check('users_email_check', 'email = lower(email)')
@Check('users_role_check', `role IN ('admin', 'manager', 'agent')`)
@Check('users_digest_frequency_check', `digest_frequency IN ('weekly', 'daily')`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; unique. */
  @Column('text')
  email: string;

  @Column('text')
  name: string;

  @Column('text')
  role: UserRole;

  @Column('text', { select: false })
  passwordHash: string;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('text', { nullable: true })
  signature: string | null;

  /** May approve replies and statements (managers and admins always may). */
  @Column('boolean', { default: false })
  canApprove: boolean;

  /** Mail me when a ticket is assigned to me. */
  @Column('boolean', { default: true })
  notifyAssigned: boolean;

  /** Mail me when a journalist replies on a ticket assigned to me. */
  @Column('boolean', { default: true })
  notifyReplied: boolean;

  /** Mail me when a reply or statement waits for my approval, and when one of mine is decided. */
  @Column('boolean', { default: true })
  notifyApprovals: boolean;

  /** Mail me a weekly digest of my tickets. */
  @Column('boolean', { default: false })
  notifyWeeklyDigest: boolean;

  /** How often the digest comes: 'weekly' (Monday to Sunday) or 'daily' (the day before). */
  @Column('text', { default: 'weekly' })
  digestFrequency: 'weekly' | 'daily';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
