import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';

/**
 * pending: waiting for the user; approved or denied: the user answered; consumed: the device
 * got its tokens (RFC 8628 §3.5), so the device code is spent.
 */
export type DeviceCodeStatus = 'pending' | 'approved' | 'denied' | 'consumed';

/** One device authorization request (RFC 8628 §3.1–3.5). The device code is stored only as its SHA-256. */
@Entity('device_codes')
@Index('device_codes_user_code_key', ['userCode'], { unique: true })
@Index('device_codes_expires_at_idx', ['expiresAt'])
export class DeviceCode {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceCodeHash: string;

  /** Normalised: the 8 letters, upper case, without the hyphen shown to the user. */
  @Column({ type: 'varchar', length: 8 })
  userCode: string;

  @Column({ type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'text', array: true })
  scope: string[];

  /** RFC 8707: the resources the device asked for; the grant made on approval keeps them. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  resources: string[];

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DeviceCodeStatus;

  /** Who approved it, from which browser session, how and when they signed in. */
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  authTime: Date | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  amr: string[];

  /** The grant made on approval; the device's tokens belong to it. */
  @Column({ type: 'uuid', nullable: true })
  grantId: string | null;

  /** Seconds the device must wait between polls; raised by slow_down (RFC 8628 §3.5). */
  @Column({ type: 'integer' })
  intervalSeconds: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastPolledAt: Date | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** What of this table the cleanup job deletes (src/cleanup/purge-rules.ts). */
export const DEVICE_CODES_PURGE: PurgeRule = { table: 'device_codes', expired: 't.expires_at < now()' };
