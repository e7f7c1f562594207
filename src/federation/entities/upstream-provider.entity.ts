import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ClaimMapping } from '../providers/claim-mapping';

/** An upstream OpenID provider users may sign in through; this server is its relying party. */
@Entity('upstream_providers')
export class UpstreamProvider {
  /** The slug operators choose, e.g. `corporate-sso`. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** On the login page: "Continue with <displayName>". */
  @Column({ type: 'varchar', length: 255 })
  displayName: string;

  @Column({ type: 'varchar', length: 2048 })
  issuer: string;

  @Column({ type: 'varchar', length: 255 })
  clientId: string;

  /** Sealed with KEY_ENCRYPTION_SECRET (UpstreamClientSecrets); null for a public client. */
  @Column({ type: 'text', nullable: true })
  clientSecretEncrypted: string | null;

  @Column({ type: 'text', array: true })
  scopes: string[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  claimMapping: ClaimMapping;

  /** Create a local user (without a password) on an identity's first sign-in. */
  @Column({ type: 'boolean', default: false })
  autoCreate: boolean;

  /** Link an identity to the local user with the same verified email. */
  @Column({ type: 'boolean', default: false })
  linkByEmail: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
