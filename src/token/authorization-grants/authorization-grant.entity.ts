import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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
