import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';
import type { InteractionKind } from '../pending-interaction';

/**
 * A browser interaction waiting for the user (sign-in, further steps, consent). Kept in
 * Postgres so any replica can serve the next step.
 */
@Entity('interactions')
@Index('interactions_expires_at_idx', ['expiresAt'])
export class Interaction {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** The flow that started it, which the browser goes back to at the end. */
  @Column({ type: 'varchar', length: 32, default: 'authorization' })
  kind: InteractionKind;

  /** What the starting flow needs at the end (the validated authorization or logout request). */
  @Column({ type: 'jsonb' })
  params: Record<string, unknown>;

  /** Null for a sign-in no client asked for (the admin console). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  clientId: string | null;

  /** Set once the user has signed in during this interaction. */
  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  /** The registered steps (InteractionStep) completed so far. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  completedSteps: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

/** What of this table the cleanup job deletes (src/cleanup/purge-rules.ts). */
export const INTERACTIONS_PURGE: PurgeRule = { table: 'interactions', expired: 't.expires_at < now()' };
