import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PurgeRule } from '../database/purge-rule';

/** RFC 7591 §3: a token an operator hands out to let its holder register clients. */
@Entity('initial_access_tokens')
export class InitialAccessToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** SHA-256 (hex) of the token; the token itself is shown once, when issued. */
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  description: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Null: never expires. */
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** How many clients it may register; null: no limit. */
  @Column({ type: 'integer', nullable: true })
  maxUses: number | null;

  @Column({ type: 'integer', default: 0 })
  uses: number;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** The API scopes a client registered with it may ask for, beyond the user scopes; null: none. */
  @Column({ type: 'text', array: true, nullable: true })
  scopes: string[] | null;
}

/** What of this table the cleanup job deletes (src/cleanup/purge-rules.ts). */
export const INITIAL_ACCESS_TOKENS_PURGE: PurgeRule = {
  table: 'initial_access_tokens',
  expired: 't.expires_at < now()',
};
