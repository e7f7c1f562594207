import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';

/** One-time identifiers seen (client assertion and JWT bearer jti), kept until they expire. */
@Entity('used_jtis')
@Index('used_jtis_expires_at_idx', ['expiresAt'])
export class UsedJti {
  /** The issuer (client_id or external issuer) and the jti, so two issuers cannot collide. */
  @PrimaryColumn({ type: 'varchar', length: 512 })
  key: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

/** What of this table the cleanup job deletes (src/cleanup/purge-rules.ts). */
export const USED_JTIS_PURGE: PurgeRule = { table: 'used_jtis', expired: 't.expires_at < now()' };
