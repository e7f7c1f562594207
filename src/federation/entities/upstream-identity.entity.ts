import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user of an upstream provider (its `sub`), linked to the local user it signs in as. */
@Entity('upstream_identities')
@Index('upstream_identities_user_id_idx', ['userId'])
export class UpstreamIdentity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  providerId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'uuid' })
  userId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastLoginAt: Date;
}
