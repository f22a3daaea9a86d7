import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type TemplateKind = 'acknowledgement' | 'reply';

/** A canned response (or the acknowledgement text) in Markdown with {{variables}}. */
@Entity('templates')
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
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
