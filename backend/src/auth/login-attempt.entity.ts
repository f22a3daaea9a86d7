import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Failed sign-ins, counted per account and per IP for rate limiting across replicas. */
@Entity('login_attempts')
export class LoginAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text')
  email: string;

  @Column('text')
  ip: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
