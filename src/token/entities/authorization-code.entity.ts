import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';

/** An authorization code, stored only as the SHA-256 of its value; single use (RFC 6749 §4.1.2). */
@Entity('authorization_codes')
@Index('authorization_codes_expires_at_idx', ['expiresAt'])
export class AuthorizationCode {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: 'uuid' })
  grantId: string;

  @Column({ type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'text' })
  redirectUri: string;

  @Column({ type: 'text', array: true })
  scope: string[];

  @Column({ type: 'jsonb', nullable: true })
  claims: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  nonce: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  codeChallenge: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  codeChallengeMethod: 'S256' | 'plain' | null;

  @Column({ type: 'timestamptz' })
  authTime: Date;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  amr: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  /** RFC 9449 §10: the dpop_jkt of the authorization request; the code is redeemed only with a proof by that key. */
  @Column({ type: 'varchar', length: 43, nullable: true })
  dpopJkt: string | null;
}

/** What of this table the cleanup job deletes (src/cleanup/purge-rules.ts). */
export const AUTHORIZATION_CODES_PURGE: PurgeRule = { table: 'authorization_codes', expired: 't.expires_at < now()' };
