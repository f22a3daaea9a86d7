import type { OutletTier } from '@newsdesk/shared';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A publication or broadcaster; recognised from its mail domains. */
@Entity('outlets')
@Index('outlets_domains_idx', ['domains'], { type: 'gin' })
// On (lower(name), id): TypeORM cannot express an expression index, so it leaves this one to the migrations.
@Index('outlets_sort_idx', { synchronize: false })
@Check('outlets_tier_check', `tier IN ('national', 'regional', 'local', 'trade', 'international', 'other')`)
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
