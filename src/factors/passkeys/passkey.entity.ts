import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type PasskeyDeviceType = 'singleDevice' | 'multiDevice';

/** A WebAuthn credential a user registered (a passkey), and what verifying its assertions needs. */
@Entity('passkeys')
@Index('passkeys_user_id_idx', ['userId'])
export class Passkey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  /** The credential's id as the browser reports it (base64url). */
  @Index('passkeys_credential_id_key', { unique: true })
  @Column({ type: 'varchar', length: 1366 })
  credentialId: string;

  /** COSE-encoded public key. */
  @Column({ type: 'bytea' })
  publicKey: Buffer;

  /** WebAuthn §6.1.1: the authenticator's signature counter (an unsigned 32-bit number). */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  signCount: number;

  /** Hints for the browser (usb, nfc, ble, internal, hybrid). */
  @Column({ type: 'text', array: true })
  transports: string[];

  /** multiDevice: a synced passkey; singleDevice: bound to one authenticator. */
  @Column({ type: 'varchar', length: 16 })
  deviceType: PasskeyDeviceType;

  @Column({ type: 'boolean' })
  backedUp: boolean;

  /** The user's own name for it ("Work laptop"). */
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
