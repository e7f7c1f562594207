import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';

/** A signed-in browser. The cookie carries a random secret; only its SHA-256 is stored. */
@Entity('sessions')
@Index('sessions_secret_hash_key', ['secretHash'], { unique: true })
@Index('sessions_user_id_idx', ['userId'])
@Index('sessions_expires_at_idx', ['expiresAt'])
export class BrowserSession {
  /** Also the `sid` claim (OIDC Front-Channel/Back-Channel Logout). */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'timestamptz' })
  authTime: Date;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  amr: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}

/**
 * What of this table the cleanup job deletes (src/cleanup/purge-rules.ts).
 * Kept a day after logout, so an admin can still see a session that just ended.
 */
export const SESSIONS_PURGE: PurgeRule = {
  table: 'sessions',
  expired: `t.expires_at < now() OR t.ended_at < now() - interval '1 day'`,
};
