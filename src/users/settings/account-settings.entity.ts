import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type SignupVerification = 'required' | 'optional';

/** Who must sign in with a second factor, whatever the client: nobody, everyone, or holders of the global role admin. */
export const MFA_REQUIRED_VALUES = ['off', 'all', 'admins'] as const;
export type MfaRequired = (typeof MFA_REQUIRED_VALUES)[number];

/** The one row of end-user account settings (see the AccountSettings migration). */
@Entity('account_settings')
export class AccountSettingsRow {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'boolean' })
  signupEnabled: boolean;

  /** Lower-case domains an address must end in to sign up; empty: any. */
  @Column({ type: 'text', array: true })
  signupEmailDomains: string[];

  /** required: no sign-in until the address is verified; optional: sign-in at once, email_verified false. */
  @Column({ type: 'varchar', length: 16 })
  signupVerification: SignupVerification;

  /** Users may delete their own account on the account page. */
  @Column({ type: 'boolean' })
  selfDeletionEnabled: boolean;

  /** Null: PASSWORD_MIN_LENGTH. */
  @Column({ type: 'integer', nullable: true })
  passwordMinLength: number | null;

  @Column({ type: 'varchar', length: 16, default: 'off' })
  mfaRequired: MfaRequired;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
