import { generateAdminToken, hashAdminToken, sameDigest } from './admin-token';

describe('admin tokens', () => {
  it('are 256 random bits behind a recognisable prefix, stored as SHA-256', () => {
    const token = generateAdminToken();
    expect(token).toMatch(/^oidc_admin_[A-Za-z0-9_-]{43}$/);
    expect(generateAdminToken()).not.toBe(token);
    expect(hashAdminToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compares digests, refusing anything that is not one', () => {
    const digest = hashAdminToken('x');
    expect(sameDigest(digest, hashAdminToken('x'))).toBe(true);
    expect(sameDigest(digest, hashAdminToken('y'))).toBe(false);
    expect(sameDigest(digest, 'abc')).toBe(false);
  });
});
