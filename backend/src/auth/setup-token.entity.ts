import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One-time first-run link that creates the first admin. */
@Entity('setup_tokens')
export class SetupToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;
}
