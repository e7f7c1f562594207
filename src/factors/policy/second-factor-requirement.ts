import type { MfaRequired } from '../../users/settings/account-settings.entity';

/** The global role whose holders `mfa_required: admins` asks a second factor of. */
export const ADMIN_ROLE = 'admin';

export interface SecondFactorRuleFacts {
  /** The client's `require_mfa`; false where no client asked (account page, console). */
  clientRequiresMfa: boolean;
  mfaRequired: MfaRequired;
  /** Read only when mfaRequired is 'admins' (it costs a query). */
  globalRoles: () => Promise<readonly string[]>;
}

/** Whether the operator's rules ask this sign-in for a second factor (docs/second-factors.md). */
export async function mustUseSecondFactor(facts: SecondFactorRuleFacts): Promise<boolean> {
  if (facts.clientRequiresMfa || facts.mfaRequired === 'all') return true;
  return facts.mfaRequired === 'admins' && (await facts.globalRoles()).includes(ADMIN_ROLE);
}
