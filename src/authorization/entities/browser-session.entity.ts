import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A signed-in browser. The cookie carries a random secret; only its SHA-256 is stored. */
@Entity('sessions')
@Index('sessions_secret_hash_key', ['secretHash'], { unique: true })
@Index('sessions_user_id_idx', ['userId'])
@Index('sessions_expires_at_idx', ['expiresAt'])
export class BrowserSession {
  /** Also the `sid` claim (OIDC Front-Channel/Back-Channel Logout). */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'timestamptz' })
  authTime: Date;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  amr: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
