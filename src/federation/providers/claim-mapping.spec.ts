import { claimMappingWithDefaults, DEFAULT_CLAIM_MAPPING, mapClaims } from './claim-mapping';

describe('claim mapping', () => {
  it('fills the fields an operator leaves out with the standard claim names', () => {
    expect(claimMappingWithDefaults({ username: 'upn' })).toEqual({ ...DEFAULT_CLAIM_MAPPING, username: 'upn' });
  });

  it('reads each local field from its mapped claim', () => {
    const mapping = claimMappingWithDefaults({ username: 'upn', email: 'mail' });
    expect(
      mapClaims(
        { upn: 'ALICE', mail: 'alice@example.com', email_verified: true, name: 'Alice', locale: 'en' },
        mapping,
      ),
    ).toEqual({
      username: 'ALICE',
      email: 'alice@example.com',
      emailVerified: true,
      name: 'Alice',
      givenName: undefined,
      familyName: undefined,
      picture: undefined,
      locale: 'en',
    });
  });

  it('ignores claims that are not non-empty strings', () => {
    const profile = mapClaims({ preferred_username: 42, email: '  ', name: { first: 'A' } }, DEFAULT_CLAIM_MAPPING);
    expect(profile).toMatchObject({ username: undefined, email: undefined, name: undefined });
  });

  it('counts an email as verified only when the provider says true', () => {
    const verified = (value: unknown) => mapClaims({ email_verified: value }, DEFAULT_CLAIM_MAPPING).emailVerified;
    expect(verified(true)).toBe(true);
    expect(verified('true')).toBe(true);
    expect(verified(false)).toBe(false);
    expect(verified('yes')).toBe(false);
    expect(verified(undefined)).toBe(false);
  });
});
