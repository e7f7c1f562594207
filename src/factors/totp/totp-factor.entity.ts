import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';

/** A user's authenticator app (RFC 6238); without confirmedAt, a set-up waiting for its first code. */
@Entity('totp_factors')
export class TotpFactor {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', unique: true })
  userId: string;

  /** The shared secret, sealed by TotpSecretSealer (AES-256-GCM under KEY_ENCRYPTION_SECRET). */
  @Column({ type: 'text' })
  secretSealed: string;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** The time step of the last code accepted: a code of that step or an earlier one is refused. */
  @Column({ type: 'bigint', nullable: true })
  lastTimeStep: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  /** The browser session a set-up was started in, which alone sees its key and finishes it; null: any. */
  @Column({ type: 'uuid', nullable: true })
  setupSessionId: string | null;
}

/** How long a set-up waits for its first code before it must be started again. */
export const TOTP_SETUP_SECONDS = 15 * 60;

/** Set-ups never confirmed. */
export const TOTP_FACTORS_PURGE: PurgeRule = {
  table: 'totp_factors',
  expired: `t.confirmed_at IS NULL AND t.created_at < now() - interval '${TOTP_SETUP_SECONDS} seconds'`,
};
