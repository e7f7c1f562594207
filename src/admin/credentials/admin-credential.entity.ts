import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Where a credential came from: first-run setup, ADMIN_TOKEN, the admin API or the CLI. */
export type AdminCredentialOrigin = 'setup' | 'environment' | 'api' | 'cli';

/** An admin token, stored only as its SHA-256; the token itself is shown once. */
@Entity('admin_credentials')
export class AdminCredential {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 16 })
  origin: AdminCredentialOrigin;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
