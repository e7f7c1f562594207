import { Secret, TOTP } from 'otpauth';
import { groupedSecret, matchingTimeStep, newTotpSecret, timeStepAt, totpKeyUri, typedCode } from './totp-code';

const AT = Date.UTC(2026, 11, 3, 12, 0, 15);
const codeAt = (secret: string, at: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at });

describe('TOTP codes (RFC 6238)', () => {
  it('makes 160-bit secrets in base32, a new one each time', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('accepts the code of now and of one step either side, naming its time step', () => {
    const secret = newTotpSecret();
    const now = timeStepAt(AT);
    expect(matchingTimeStep(secret, codeAt(secret, AT), AT)).toBe(now);
    expect(matchingTimeStep(secret, codeAt(secret, AT - 30_000), AT)).toBe(now - 1);
    expect(matchingTimeStep(secret, codeAt(secret, AT + 30_000), AT)).toBe(now + 1);
  });

  it('refuses a code two or more steps away, and another secret’s code', () => {
    const secret = newTotpSecret();
    expect(matchingTimeStep(secret, codeAt(secret, AT - 60_000), AT)).toBeNull();
    expect(matchingTimeStep(secret, codeAt(secret, AT - 90_000), AT)).toBeNull();
    expect(matchingTimeStep(secret, codeAt(secret, AT + 60_000), AT)).toBeNull();
    expect(matchingTimeStep(secret, codeAt(newTotpSecret(), AT), AT)).toBeNull();
  });

  it('matches the RFC 6238 Appendix B test vector (SHA-1, T = 59 s), last 6 digits', () => {
    const secret = new Secret({ buffer: new TextEncoder().encode('12345678901234567890').buffer }).base32;
    expect(matchingTimeStep(secret, '287082', 59_000)).toBe(1);
  });

  it('reads a code as typed, spaces allowed, and nothing else', () => {
    expect(typedCode('123456')).toBe('123456');
    expect(typedCode(' 123 456 ')).toBe('123456');
    expect(typedCode('12345')).toBeUndefined();
    expect(typedCode('1234567')).toBeUndefined();
    expect(typedCode('12345a')).toBeUndefined();
    expect(typedCode(['123456'])).toBeUndefined();
    expect(typedCode(undefined)).toBeUndefined();
  });

  it('writes the key URI apps scan: issuer, account, SHA-1, 6 digits, 30 s', () => {
    const uri = new URL(totpKeyUri('JBSWY3DPEHPK3PXP', 'Example ID', 'alice'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Example ID:alice');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'Example ID',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('shows the secret in groups of four for typing', () => {
    expect(groupedSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
  });
});
