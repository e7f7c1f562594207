import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Something an operator may need to reconstruct later: who did what to whom, from where. */
@Entity('audit_events')
export class AuditEvent {
  /** bigint: the driver returns it as a string, which is also how the API shows it. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  /** admin:<credential id>, client:<client_id>, user:<user id>, cli, or ip:<address>. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  actor: string | null;

  /** What the event is about: a client id, a user id, a scope name, a key id. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  subject: string | null;

  /** Never a secret: see withoutSecrets. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;
}
