import { ClientsError } from './clients.error';
import { assertSecretExpiryAhead } from './client-secret-expiry';

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
