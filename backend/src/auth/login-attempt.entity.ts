import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Failed sign-ins (password or second factor), counted per account and address pair, per address and per account, across replicas. */
@Entity('login_attempts')
@Index('login_attempts_email_idx', ['email', 'createdAt'])
@Index('login_attempts_ip_idx', ['ip', 'createdAt'])
@Index('login_attempts_pair_idx', ['email', 'ip', 'createdAt'])
@Check('login_attempts_kind_check', `kind IN ('password', 'second_factor')`)
export class LoginAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text')
  email: string;

  /** The client address, an IPv6 one as its /64 (throttle-address.ts). */
  @Column('text')
  ip: string;

  @Column('text', { default: 'password' })
  kind: 'password' | 'second_factor';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
