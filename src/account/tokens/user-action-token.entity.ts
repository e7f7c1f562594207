import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';

export type UserActionPurpose = 'password_reset' | 'email_verification' | 'email_change';

/**
 * The links a new password (reset or change) retires: a change of address asked for by whoever
 * held the old password or a session (confirming it would hand them the account back), and
 * other reset links. Confirming the current address stays harmless.
 */
export const LINKS_A_NEW_PASSWORD_RETIRES: readonly UserActionPurpose[] = ['email_change', 'password_reset'];

/** The links an administrator's disabling of the account retires: every one. */
export const LINKS_DISABLING_RETIRES: readonly UserActionPurpose[] = [
  'email_change',
  'password_reset',
  'email_verification',
];

/**
 * The links an administrator ending all of an account's sessions retires: a change of address,
 * which whoever held a session may have asked for to an address of theirs. Reset links go to the
 * account's own address and stay.
 */
export const LINKS_ENDING_SESSIONS_RETIRES: readonly UserActionPurpose[] = ['email_change'];

/** A single-use link mailed to a user; only the token's SHA-256 is stored. */
@Entity('user_action_tokens')
export class UserActionToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 32 })
  purpose: UserActionPurpose;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  /** For email verification: the address the link proves. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** For a change of address: the account's address when it was asked for (null: it had none). */
  @Column({ type: 'varchar', length: 320, nullable: true })
  fromEmail: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

/** Mailed links, used or not, once expired. */
export const USER_ACTION_TOKENS_PURGE: PurgeRule = { table: 'user_action_tokens', expired: 't.expires_at < now()' };
