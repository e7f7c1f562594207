import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ScimAccess = 'read' | 'write';
/** What DELETE /Users/{id} does for this provisioning client: disable the account, or delete it. */
export type ScimDeleteMode = 'disable' | 'delete';

/** A bearer token for /scim/v2, kept as the SHA-256 of the value shown once. */
@Entity('scim_tokens')
export class ScimToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 5 })
  access: ScimAccess;

  @Column({ type: 'varchar', length: 7 })
  onDelete: ScimDeleteMode;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
