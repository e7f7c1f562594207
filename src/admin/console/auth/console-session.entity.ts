import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PurgeRule } from '../../../database/purge-rule';

/**
 * A sign-in to the admin console: with an admin credential, or by a user with the admin role
 * through a browser session of this server. The cookie holds a random secret; only its
 * SHA-256 is stored, so a database leak yields no usable cookie.
 */
@Entity('admin_console_sessions')
@Index('admin_console_sessions_secret_hash_key', ['secretHash'], { unique: true })
export class ConsoleSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ type: 'uuid', nullable: true })
  credentialId: string | null;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  /** The server's own browser session the user signed in with: the console session ends with it. */
  @Column({ type: 'uuid', nullable: true })
  browserSessionId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}

/** What of this table the cleanup job deletes (src/cleanup/purge-rules.ts). */
export const CONSOLE_SESSIONS_PURGE: PurgeRule = {
  table: 'admin_console_sessions',
  expired: 't.expires_at < now() OR t.ended_at IS NOT NULL',
};
