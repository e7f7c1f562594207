import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';

export type TokenKind = 'access_token' | 'refresh_token';

/**
 * Opaque access and refresh tokens, stored only as SHA-256 hashes. JWT access tokens are not
 * stored (their jti is recorded only when revoked).
 */
@Entity('tokens')
@Index('tokens_grant_id_idx', ['grantId'])
@Index('tokens_expires_at_idx', ['expiresAt'])
export class Token {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 16 })
  kind: TokenKind;

  @Column({ type: 'uuid', nullable: true })
  grantId: string | null;

  @Column({ type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text', array: true })
  scope: string[];

  /** Audience of the access token (resource indicators); empty means the issuer's own APIs. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  audience: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** A refresh token is consumed when rotated; presenting it again is reuse (RFC 9700 §4.14.2). */
  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /**
   * RFC 9449 §6.1: the SHA-256 thumbprint of the DPoP key the token is bound to (access tokens,
   * and refresh tokens of public clients, §5); null for bearer tokens.
   */
  @Column({ type: 'varchar', length: 43, nullable: true })
  dpopJkt: string | null;
}

/**
 * What of this table the cleanup job deletes (src/cleanup/purge-rules.ts).
 * Access and refresh tokens alike: an expired refresh token can no longer be used or replayed.
 */
export const TOKENS_PURGE: PurgeRule = { table: 'tokens', expired: 't.expires_at < now()' };
