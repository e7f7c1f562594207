import type { UserProfileInput } from '../../users/user-input';
import { assertValidProfile, assertValidUsername } from '../../users/user-input.validation';
import type { MappedProfile } from '../providers/claim-mapping';

const MAX_USERNAME = 255;

const isValid = (check: () => void): boolean => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};

/**
 * The usernames to try for a user created from an upstream identity, in order: the provider's
 * (preferred_username, by default), then one made of the provider and subject, unique to the
 * identity. Invalid ones are left out.
 */
export function usernameCandidates(providerId: string, subject: string, preferred?: string): string[] {
  const own = `${providerId}-${subject}`.slice(0, MAX_USERNAME);
  return [...new Set([preferred, own])].filter(
    (name): name is string => name !== undefined && isValid(() => assertValidUsername(name)),
  );
}

/**
 * The profile of a user created from an upstream identity. A value the local rules refuse (a
 * picture that is not a URL, a malformed locale) is dropped rather than failing the sign-in; the
 * email counts as verified only when the provider says so.
 */
export function newUserProfile(profile: MappedProfile): UserProfileInput {
  const input: UserProfileInput = {};
  const fields: [keyof UserProfileInput, string | undefined][] = [
    ['email', profile.email],
    ['name', profile.name],
    ['givenName', profile.givenName],
    ['familyName', profile.familyName],
    ['picture', profile.picture],
    ['locale', profile.locale],
  ];
  for (const [field, value] of fields)
    if (value !== undefined && isValid(() => assertValidProfile({ [field]: value })))
      Object.assign(input, { [field]: value });
  if (input.email !== undefined) input.emailVerified = profile.emailVerified;
  return input;
}
