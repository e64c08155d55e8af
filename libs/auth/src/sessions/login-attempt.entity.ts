import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Kept in PostgreSQL (not process memory) so throttling holds across several API processes. */
@Entity('login_attempts')
export class LoginAttempt {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'boolean' })
  succeeded: boolean;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
