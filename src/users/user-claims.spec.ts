import { User } from './user.entity';
import { claimsOf, STANDARD_CLAIM_NAMES } from './user-claims';

function user(fields: Partial<User> = {}): User {
  return Object.assign(new User(), {
    id: '7d3f8a4e-1c2b-4d5e-8f90-123456789abc',
    username: 'alice',
    email: null,
    emailVerified: false,
    passwordHash: 'never-a-claim',
    name: null,
    givenName: null,
    familyName: null,
    phoneNumber: null,
    phoneNumberVerified: false,
    address: null,
    picture: null,
    locale: null,
    roles: [],
    disabled: false,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    updatedAt: new Date('2025-06-01T12:00:00.900Z'),
    ...fields,
  });
}

describe('claimsOf', () => {
  const full = user({
    email: 'alice@example.com',
    emailVerified: true,
    name: 'Alice Liddell',
    givenName: 'Alice',
    familyName: 'Liddell',
    phoneNumber: '+44 20 7946 0000',
    phoneNumberVerified: false,
    address: { street_address: '1 Rabbit Hole', locality: 'Oxford', country: 'GB' },
    picture: 'https://example.com/alice.png',
    locale: 'en-GB',
  });

  it('maps every standard claim to its wire name and value', () => {
    expect(claimsOf(full, STANDARD_CLAIM_NAMES)).toEqual({
      sub: full.id,
      name: 'Alice Liddell',
      given_name: 'Alice',
      family_name: 'Liddell',
      preferred_username: 'alice',
      picture: 'https://example.com/alice.png',
      locale: 'en-GB',
      updated_at: 1748779200,
      email: 'alice@example.com',
      email_verified: true,
      phone_number: '+44 20 7946 0000',
      phone_number_verified: false,
      address: { street_address: '1 Rabbit Hole', locality: 'Oxford', country: 'GB' },
    });
  });

  it('returns only the claims asked for', () => {
    expect(claimsOf(full, new Set(['sub', 'email']))).toEqual({ sub: full.id, email: 'alice@example.com' });
  });

  it('omits claims without a value, and verification flags of absent values', () => {
    expect(claimsOf(user({ address: {} }), STANDARD_CLAIM_NAMES)).toEqual({
      sub: '7d3f8a4e-1c2b-4d5e-8f90-123456789abc',
      preferred_username: 'alice',
      updated_at: 1748779200,
    });
  });

  it('ignores names that are not standard claims, including internal fields', () => {
    expect(claimsOf(full, ['passwordHash', 'password_hash', 'roles', 'constructor', 'toString'])).toEqual({});
  });
});
