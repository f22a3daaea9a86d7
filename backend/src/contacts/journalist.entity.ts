import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Outlet } from './outlet.entity.js';

/** A journalist (contact); never logs in. */
@Entity('journalists')
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
  relationshipOwnerId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
