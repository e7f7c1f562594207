import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AccessClaimTarget } from './access-claim-settings';
import type { ClaimMapping } from './claim-mappings';

/** A client's names for the groups and roles claims and the tokens carrying them; defaults without a row. */
@Entity('client_access_claims')
export class ClientAccessClaims {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'varchar', length: 64 })
  groupsClaim: string;

  @Column({ type: 'varchar', length: 64 })
  rolesClaim: string;

  @Column({ type: 'text', array: true })
  targets: AccessClaimTarget[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  mappings: ClaimMapping[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
