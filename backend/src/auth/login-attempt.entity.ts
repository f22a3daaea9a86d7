import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Failed sign-ins (password or second factor), counted per account and address pair, per address and per account, across replicas. */
@Entity('login_attempts')
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
