import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';

/**
 * One authorization: every code, access and refresh token issued from it carries its id, so
 * revoking the family (code replay, refresh reuse, logout) is one UPDATE of this row.
 */
@Entity('grants')
@Index('grants_session_id_idx', ['sessionId'])
@Index('grants_user_client_idx', ['userId', 'clientId'])
export class AuthorizationGrant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  /** The browser session it came from (sid), for RP-initiated logout. */
  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'text', array: true })
  scope: string[];

  /** RFC 8707: the resources the authorization was for; its tokens are for them (empty: none named). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  resources: string[];

  /** The OIDC `claims` request parameter (OIDC Core §5.5), kept for userinfo and refreshed ID tokens. */
  @Column({ type: 'jsonb', nullable: true })
  claims: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', nullable: true })
  authTime: Date | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  amr: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Absolute end of the refresh chain. */
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  revokedReason: string | null;
}

/**
 * What of this table the cleanup job deletes (src/cleanup/purge-rules.ts).
 * Once expired and without a live token; runs after TOKENS_PURGE, which it looks at.
 */
export const GRANTS_PURGE: PurgeRule = {
  table: 'grants',
  expired: `t.expires_at < now()
      AND NOT EXISTS (SELECT 1 FROM tokens k WHERE k.grant_id = t.id AND k.expires_at >= now())`,
};
