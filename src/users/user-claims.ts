import type { User } from './user.entity';

/** What the standard claims are read from: a user's profile, without credentials or flags. */
export type ClaimsUser = Pick<
  User,
  | 'id'
  | 'username'
  | 'email'
  | 'emailVerified'
  | 'name'
  | 'givenName'
  | 'familyName'
  | 'middleName'
  | 'nickname'
  | 'profile'
  | 'website'
  | 'gender'
  | 'birthdate'
  | 'zoneinfo'
  | 'phoneNumber'
  | 'phoneNumberVerified'
  | 'address'
  | 'picture'
  | 'locale'
  | 'updatedAt'
>;

type ClaimReader = (user: ClaimsUser) => unknown;

/** OIDC Core §5.1: the standard claims, under their wire names, read from a user. */
const STANDARD_CLAIMS: Record<string, ClaimReader> = {
  sub: (u) => u.id,
  name: (u) => u.name,
  given_name: (u) => u.givenName,
  family_name: (u) => u.familyName,
  middle_name: (u) => u.middleName,
  nickname: (u) => u.nickname,
  preferred_username: (u) => u.username,
  profile: (u) => u.profile,
  picture: (u) => u.picture,
  website: (u) => u.website,
  gender: (u) => u.gender,
  birthdate: (u) => u.birthdate,
  zoneinfo: (u) => u.zoneinfo,
  locale: (u) => u.locale,
  // OIDC Core §5.1: updated_at is a number of seconds since the epoch.
  updated_at: (u) => (u.updatedAt ? Math.floor(u.updatedAt.getTime() / 1000) : null),
  email: (u) => u.email,
  // A verification flag says something only about a value that exists.
  email_verified: (u) => (u.email ? u.emailVerified : null),
  phone_number: (u) => u.phoneNumber,
  phone_number_verified: (u) => (u.phoneNumber ? u.phoneNumberVerified : null),
  address: (u) => u.address,
};

export const STANDARD_CLAIM_NAMES: readonly string[] = Object.keys(STANDARD_CLAIMS);

function hasValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (typeof value === 'object') return Object.values(value).some(hasValue);
  return true;
}

/**
 * The requested standard claims of a user that have a value. Unknown names are ignored;
 * OIDC Core §5.3.2 says claims without a value should be omitted, not sent as null.
 */
export function claimsOf(user: ClaimsUser, claimNames: Iterable<string>): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const name of claimNames) {
    const read = Object.hasOwn(STANDARD_CLAIMS, name) ? STANDARD_CLAIMS[name] : undefined;
    const value = read?.(user);
    if (read && hasValue(value)) claims[name] = value;
  }
  return claims;
}
