import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('scopes')
export class Scope {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 1024 })
  description: string;

  /** The user claims this scope releases (OIDC Core §5.4). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  claims: string[];

  /** The API resource the scope belongs to (at most one); null: this server's own or a shared scope. */
  @Column({ type: 'uuid', nullable: true })
  apiResourceId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
