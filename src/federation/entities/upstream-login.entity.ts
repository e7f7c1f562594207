import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A login sent to an upstream provider, waiting for its callback: what the callback must
 * check (OIDC Core §3.1.2.1 nonce, RFC 7636 code_verifier), in Postgres so any replica can
 * take the callback. Only the SHA-256 of the state is stored.
 */
@Entity('upstream_logins')
@Index('upstream_logins_interaction_id_idx', ['interactionId'])
export class UpstreamLogin {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  stateHash: string;

  @Column({ type: 'varchar', length: 64 })
  interactionId: string;

  @Column({ type: 'varchar', length: 64 })
  providerId: string;

  @Column({ type: 'varchar', length: 128 })
  nonce: string;

  @Column({ type: 'varchar', length: 128 })
  codeVerifier: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
