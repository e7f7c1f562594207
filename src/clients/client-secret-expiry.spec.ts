import { ClientsError } from './clients.error';
import { assertSecretExpiryAhead, newSecretExpiry } from './client-secret-expiry';

describe('assertSecretExpiryAhead', () => {
  const past = new Date(Date.now() - 1000);

  it('refuses an expiry already past, or no date at all', () => {
    expect(() => assertSecretExpiryAhead('expires_at', past)).toThrow(ClientsError);
    expect(() => assertSecretExpiryAhead('expires_at', new Date(NaN))).toThrow(/must be a date in the future/);
  });

  it('takes a future expiry, none, and a passed one a change leaves as it was', () => {
    expect(() => assertSecretExpiryAhead('expires_at', new Date(Date.now() + 60_000))).not.toThrow();
    expect(() => assertSecretExpiryAhead('expires_at', null)).not.toThrow();
    expect(() => assertSecretExpiryAhead('expires_at', new Date(past), past)).not.toThrow();
  });
});

describe('newSecretExpiry', () => {
  const before = new Date('2020-01-01T00:00:00Z');
  const ahead = new Date(Date.now() + 60_000);

  it('gives a new secret the end its update set', () => {
    expect(newSecretExpiry(ahead, before)).toBe(ahead);
    expect(newSecretExpiry(ahead, null)).toBe(ahead);
  });

  it('gives it no end when the update left the old one as it was, or sent it back as read', () => {
    expect(newSecretExpiry(before, before)).toBeNull();
    expect(newSecretExpiry(new Date(before), before)).toBeNull();
    expect(newSecretExpiry(null, before)).toBeNull();
  });
});
