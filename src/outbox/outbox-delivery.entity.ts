import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PurgeRule } from '../database/purge-rule';

export const OUTBOX_STATES = ['pending', 'sending', 'delivered', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * One delivery that may fail and be retried (a mail, a logout token, a webhook), written in the
 * transaction of the event that causes it and carried out by whichever replica claims it first.
 */
@Entity('outbox')
@Index('outbox_due_idx', ['nextAttemptAt'], { where: `state IN ('pending', 'sending')` })
@Index('outbox_kind_created_idx', ['kind', 'createdAt'])
@Index('outbox_failed_idx', ['createdAt'], { where: `state = 'failed'` })
export class OutboxDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Which handler delivers it, e.g. 'mail'. */
  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state: OutboxState;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** Why the last attempt failed, as the handler's error said it (handlers keep secrets out). */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** Where it went: the handler's word ('smtp', 'dev-outbox'). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  deliveredTo: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}

/**
 * What of this table the cleanup job deletes (src/cleanup/purge-rules.ts).
 * Delivered mail holds links (verification, reset) nobody needs after a week; failed deliveries
 * stay a month for operators to look into. Waiting ones are never purged.
 */
export const OUTBOX_PURGE: PurgeRule = {
  table: 'outbox',
  expired: `(t.state = 'delivered' AND t.delivered_at < now() - interval '7 days')
      OR (t.state = 'failed' AND t.created_at < now() - interval '30 days')`,
};
