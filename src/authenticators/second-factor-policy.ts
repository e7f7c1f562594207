import type { AccountSettings } from '../users/settings/account-settings.service';
import { ADMIN_ROLE } from '../users/server-roles';

/** Why a sign-in needs a second factor, whatever the user has enrolled. */
export type SecondFactorReason = 'client' | 'all-users' | 'admins';

export interface SecondFactorPolicyInput {
  /** The client the user signs in to (Client.requireMfa). */
  client: { requireMfa: boolean };
  /** The account settings' mfa_required. */
  settings: Pick<AccountSettings, 'mfaRequired'>;
  /** The user's server roles (User.roles); [] when not known yet, so only what holds for everyone counts. */
  userRoles: readonly string[];
}

/**
 * The policy of docs/second-factors.md ("Policy: who must use a second factor"): a second factor
 * is due when the client requires one, when the server requires one of everybody, or of
 * administrators and the user holds the admin role. A user who enrolled a second factor uses it
 * anyway; that part is the caller's, since enrolments live in the factors module.
 */
export function secondFactorReason({
  client,
  settings,
  userRoles,
}: SecondFactorPolicyInput): SecondFactorReason | undefined {
  if (client.requireMfa) return 'client';
  if (settings.mfaRequired === 'all') return 'all-users';
  if (settings.mfaRequired === 'admins' && userRoles.includes(ADMIN_ROLE)) return 'admins';
  return undefined;
}

/** Whether the policy asks this sign-in for a second factor (enrolled or not). */
export function mustUseSecondFactor(input: SecondFactorPolicyInput): boolean {
  return secondFactorReason(input) !== undefined;
}
