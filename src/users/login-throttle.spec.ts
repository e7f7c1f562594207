import { ACCOUNT_POLICY, accountKey, lockSeconds } from './login-throttle';

describe('login backoff', () => {
  it('does not lock before the threshold', () => {
    expect(lockSeconds(4, ACCOUNT_POLICY)).toBe(0);
  });

  it('doubles the lock with each failure past the threshold', () => {
    expect(lockSeconds(5, ACCOUNT_POLICY)).toBe(30);
    expect(lockSeconds(6, ACCOUNT_POLICY)).toBe(60);
    expect(lockSeconds(7, ACCOUNT_POLICY)).toBe(120);
  });

  it('never locks longer than the cap, so nobody is locked out for good', () => {
    expect(lockSeconds(50, ACCOUNT_POLICY)).toBe(900);
  });

  it('keys accounts by the normalised login', () => {
    expect(accountKey('  Alice@Example.com ')).toBe('user:alice@example.com');
  });

  it('keys a login too long for the column by its digest, the same one each time', () => {
    const long = `${'a'.repeat(300)}@${'b'.repeat(60)}.example`;
    expect(accountKey(long)).toMatch(/^user:sha256:[0-9a-f]{64}$/);
    expect(accountKey(long.toUpperCase())).toBe(accountKey(long));
    expect(accountKey(`${long}x`)).not.toBe(accountKey(long));
  });
});
