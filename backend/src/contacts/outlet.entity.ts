import type { OutletTier } from '@newsdesk/shared';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A publication or broadcaster; recognised from its mail domains. */
@Entity('outlets')
export class Outlet {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Lower-cased mail domains (`example-news.com`). */
  @Column('text', { array: true, default: () => "'{}'" })
  domains: string[];

  @Column('text', { nullable: true })
  tier: OutletTier | null;

  @Column('text', { nullable: true })
  notes: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
