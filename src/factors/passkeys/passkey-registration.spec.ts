import { passkeyName } from './passkey-registration';

describe('passkeyName', () => {
  it('trims what the user typed, and names an unnamed passkey "Passkey"', () => {
    expect(passkeyName('  Work laptop ')).toBe('Work laptop');
    expect(passkeyName(undefined)).toBe('Passkey');
    expect(passkeyName('   ')).toBe('Passkey');
  });

  it('refuses names longer than 64 characters, with control characters, or not text', () => {
    expect(passkeyName('x'.repeat(64))).toBe('x'.repeat(64));
    expect(passkeyName('x'.repeat(65))).toBeNull();
    expect(passkeyName('a\nb')).toBeNull();
    expect(passkeyName(['a'])).toBeNull();
  });
});
