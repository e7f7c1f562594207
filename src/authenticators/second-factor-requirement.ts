import type { MfaRequired } from '../users/settings/account-settings.entity';

/**
 * The role whose holders `mfa_required: admins` asks a second factor of: in the user's own
 * `roles` (what opens the admin console) or as a global role granted to them or their groups
 * (docs/roles-and-groups.md).
 */
export const ADMIN_ROLE = 'admin';

export interface SecondFactorRuleFacts {
  /** The client's `require_mfa`; false where no client asked (account page, console). */
  clientRequiresMfa: boolean;
  mfaRequired: MfaRequired;
  /** The user's own roles and global roles; read only when mfaRequired is 'admins' (it costs a query). */
  userRoles: () => Promise<readonly string[]>;
}

/** Which of the operator's rules asks this sign-in for a second factor. */
export type SecondFactorRule = 'client' | 'all-users' | 'admins';

/**
 * The operator's rules of docs/second-factors.md ("Policy: who must use a second factor"), for
 * the second-factor steps (SecondFactorPolicy) and the password grant alike. A user who enrolled
 * a factor uses it whatever these say; that part is the caller's (the factors module knows it).
 */
export async function secondFactorRule(facts: SecondFactorRuleFacts): Promise<SecondFactorRule | undefined> {
  if (facts.clientRequiresMfa) return 'client';
  if (facts.mfaRequired === 'all') return 'all-users';
  if (facts.mfaRequired === 'admins' && (await facts.userRoles()).includes(ADMIN_ROLE)) return 'admins';
  return undefined;
}

/** Whether the operator's rules ask this sign-in for a second factor. */
export async function mustUseSecondFactor(facts: SecondFactorRuleFacts): Promise<boolean> {
  return (await secondFactorRule(facts)) !== undefined;
}
