import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed sign-ins (and device user code guesses) per key, shared by every replica for lockout and backoff. */
@Entity('login_attempts')
export class LoginAttempt {
  /** `user:<id or lowercased login>`, `ip:<address>` or `device:ip:<address>` (see FailureThrottle). */
  @PrimaryColumn({ type: 'varchar', length: 320 })
  key: string;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz' })
  lastFailureAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
