import type { JWK } from 'jose';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** next: published, not yet signing; active: signs; retired: published until its tokens expire. */
export type SigningKeyState = 'next' | 'active' | 'retired';

@Entity('signing_keys')
@Index('signing_keys_state_idx', ['state'])
export class SigningKey {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid: string;

  @Column({ type: 'varchar', length: 16 })
  alg: string;

  @Column({ type: 'jsonb' })
  publicJwk: JWK;

  /** AES-256-GCM ciphertext of the private JWK under KEY_ENCRYPTION_SECRET. */
  @Column({ type: 'text' })
  privateJwkEncrypted: string;

  @Column({ type: 'varchar', length: 8 })
  state: SigningKeyState;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  /** When a retired key may leave the JWKS: after every token it signed has expired. */
  @Column({ type: 'timestamptz', nullable: true })
  removeAfter: Date | null;
}
