import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';

/**
 * JWT access tokens revoked before they expire (RFC 7009). A JWT is not stored, so revoking one
 * records its jti; the row is needed only until the token's own exp.
 */
@Entity('revoked_jtis')
@Index('revoked_jtis_expires_at_idx', ['expiresAt'])
export class RevokedJti {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  jti: string;

  /** The client the token was issued to (and that revoked it). */
  @Column({ type: 'varchar', length: 128 })
  clientId: string;

  /** The token's exp: after it, the token is refused anyway. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

/** What of this table the cleanup job deletes (src/cleanup/purge-rules.ts). */
export const REVOKED_JTIS_PURGE: PurgeRule = { table: 'revoked_jtis', expired: 't.expires_at < now()', optional: true };
