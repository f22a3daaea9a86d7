import type { TemplateKind } from '@newsdesk/shared';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../users/user.entity.js';

/** A canned response (or the acknowledgement text) in Markdown with {{variables}}. */
@Entity('templates')
// Unique on (kind, lower(name)): an expression index, left to the migrations.
@Index('templates_kind_name_key', { synchronize: false })
@Check('templates_kind_check', `kind IN ('acknowledgement', 'reply')`)
@Check('templates_language_check', `language ~ '^[a-z]{2}$'`)
export class Template {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  kind: TemplateKind;

  @Column('text')
  name: string;

  @Column('text')
  body: string;

  /** ISO 639-1 code: the acknowledgement for inquiries in this language; null = any language. */
  @Column('text', { nullable: true })
  language: string | null;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('uuid', { nullable: true })
  @ForeignKey(() => User, { onDelete: 'SET NULL' })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
