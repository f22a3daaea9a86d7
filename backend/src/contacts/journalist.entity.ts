import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import { Outlet } from './outlet.entity.js';

/** A journalist (contact); never logs in. */
@Entity('journalists')
@Index('journalists_email_key', ['email'], { unique: true, where: 'email IS NOT NULL' })
@Index('journalists_outlet_id_idx', ['outletId'])
// On (lower(coalesce(name, email, '')), id): an expression index, left to the migrations.
@Index('journalists_sort_idx', { synchronize: false })
@Index('journalists_aliases_idx', ['aliases'], { type: 'gin' })
@Check('journalists_email_check', 'email = lower(email)')
@Check('journalists_preferred_contact_check', `preferred_contact IN ('email', 'phone', 'any')`)
export class Journalist {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { nullable: true })
  name: string | null;

  /** Lower-cased; unique when present. */
  @Column('text', { nullable: true })
  email: string | null;

  /** Other lower-cased addresses (a merged duplicate's); mail from them finds this journalist. */
  @Column('text', { array: true, default: () => "'{}'" })
  aliases: string[];

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('uuid', { nullable: true })
  outletId: string | null;

  @ManyToOne(() => Outlet, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'outlet_id' })
  outlet: Relation<Outlet> | null;

  @Column('text', { nullable: true })
  beat: string | null;

  @Column('text', { nullable: true })
  notes: string | null;

  @Column('text', { nullable: true })
  preferredContact: 'email' | 'phone' | 'any' | null;

  /** The officer who owns the relationship with this journalist. */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => User, { onDelete: 'SET NULL' })
  relationshipOwnerId: string | null;

  /** Set when retention or erasure blanked this contact. */
  @Column('timestamptz', { nullable: true })
  anonymisedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
