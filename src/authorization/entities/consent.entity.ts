import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The scopes a user has allowed a client (consent_policy `once`). */
@Entity('consents')
export class Consent {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'text', array: true })
  scopes: string[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
