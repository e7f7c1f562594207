import { newUserProfile, usernameCandidates } from './new-user-input';

describe('a user created from an upstream identity', () => {
  it('tries the provider’s username first, then one unique to the identity', () => {
    expect(usernameCandidates('corp', 'sub-1', 'alice')).toEqual(['alice', 'corp-sub-1']);
    expect(usernameCandidates('corp', 'sub-1')).toEqual(['corp-sub-1']);
    expect(usernameCandidates('corp', 'sub-1', ' alice ')).toEqual(['corp-sub-1']);
    expect(usernameCandidates('corp', 'x'.repeat(300))[0]).toHaveLength(255);
  });

  it('keeps valid profile values and drops the others', () => {
    expect(
      newUserProfile({
        email: 'alice@example.com',
        emailVerified: true,
        name: 'Alice',
        picture: 'not a url',
        locale: 'en-GB',
      }),
    ).toEqual({ email: 'alice@example.com', emailVerified: true, name: 'Alice', locale: 'en-GB' });
  });

  it('does not carry a verification flag without an email', () => {
    expect(newUserProfile({ email: 'not-an-email', emailVerified: true })).toEqual({});
  });
});
