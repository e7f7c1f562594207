import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';

/**
 * An authorization request waiting for the user (login, consent). Kept in Postgres so any
 * replica can serve the next step.
 */
@Entity('interactions')
@Index('interactions_expires_at_idx', ['expiresAt'])
export class Interaction {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** The validated authorization request parameters. */
  @Column({ type: 'jsonb' })
  params: Record<string, unknown>;

  @Column({ type: 'varchar', length: 128 })
  clientId: string;

  /** Set once the user has signed in during this interaction. */
  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

/** What of this table the cleanup job deletes (src/cleanup/purge-rules.ts). */
export const INTERACTIONS_PURGE: PurgeRule = { table: 'interactions', expired: 't.expires_at < now()' };
