/** The local user fields an upstream claim may fill, under their OIDC Core §5.1 names. */
export const MAPPABLE_FIELDS = [
  'username',
  'email',
  'email_verified',
  'name',
  'given_name',
  'family_name',
  'picture',
  'locale',
] as const;

export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** For each local field, the name of the upstream claim that fills it. */
export type ClaimMapping = Record<MappableField, string>;

/** The OIDC Core §5.1 standard claims, which most providers send under these names. */
export const DEFAULT_CLAIM_MAPPING: Readonly<ClaimMapping> = {
  username: 'preferred_username',
  email: 'email',
  email_verified: 'email_verified',
  name: 'name',
  given_name: 'given_name',
  family_name: 'family_name',
  picture: 'picture',
  locale: 'locale',
};

/** What the upstream says about the user, in the local user's terms. */
export interface MappedProfile {
  username?: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
  locale?: string;
}

/** An operator's mapping, the default for each field it leaves out. */
export function claimMappingWithDefaults(partial: Partial<ClaimMapping> = {}): ClaimMapping {
  const mapping = { ...DEFAULT_CLAIM_MAPPING };
  for (const field of MAPPABLE_FIELDS) if (partial[field]) mapping[field] = partial[field];
  return mapping;
}

/**
 * The upstream claims, mapped. Only non-empty strings count; email_verified must be true (some
 * providers send the string "true"), since linking by email relies on it.
 */
export function mapClaims(claims: Record<string, unknown>, mapping: ClaimMapping): MappedProfile {
  const text = (field: MappableField): string | undefined => {
    const value = claims[mapping[field]];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const verified = claims[mapping.email_verified];
  return {
    username: text('username'),
    email: text('email'),
    emailVerified: verified === true || verified === 'true',
    name: text('name'),
    givenName: text('given_name'),
    familyName: text('family_name'),
    picture: text('picture'),
    locale: text('locale'),
  };
}
