import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The scopes, and claims asked for by name, a user has allowed a client (consent_policy `once`). */
@Entity('consents')
export class Consent {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'text', array: true })
  scopes: string[];

  /** Claims allowed one by one (OIDC Core §5.5 claims parameter), beyond those of `scopes`. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  claims: string[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
