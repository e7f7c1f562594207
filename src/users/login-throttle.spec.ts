import { ACCOUNT_POLICY, PAIR_POLICY, accountKey, accountOf, lockSeconds, pairKey, slowDownMs } from './login-throttle';

describe('login backoff (an address, an account from one address)', () => {
  it('does not lock before the threshold', () => {
    expect(lockSeconds(4, PAIR_POLICY)).toBe(0);
  });

  it('doubles the lock with each failure past the threshold', () => {
    expect(lockSeconds(5, PAIR_POLICY)).toBe(30);
    expect(lockSeconds(6, PAIR_POLICY)).toBe(60);
    expect(lockSeconds(7, PAIR_POLICY)).toBe(120);
  });

  it('never locks longer than the cap, so nobody is locked out for good', () => {
    expect(lockSeconds(50, PAIR_POLICY)).toBe(900);
  });
});

describe('login slow-down (an account from anywhere)', () => {
  it('does not slow down before the threshold, then doubles the wait up to a few seconds', () => {
    expect([4, 5, 6, 7, 8, 9, 50].map((n) => slowDownMs(n, ACCOUNT_POLICY))).toEqual([
      0, 500, 1000, 2000, 4000, 4000, 4000,
    ]);
  });
});

describe('login counter keys', () => {
  it('counts a known user by id, whatever the spelling, and an unknown one by the normalised login', () => {
    expect(accountOf('0b7c…', '  Alice@Example.com ')).toBe('user:0b7c…');
    expect(accountOf(null, '  Alice@Example.com ')).toBe('login:alice@example.com');
    expect(accountKey(accountOf(null, 'Bob'))).toBe('account:login:bob');
    expect(pairKey(accountOf(null, 'Bob'), '203.0.113.9')).toBe('pair:203.0.113.9|login:bob');
  });

  it('keys a login too long for the column by its digest, the same one each time', () => {
    const long = `${'a'.repeat(300)}@${'b'.repeat(60)}.example`;
    expect(accountKey(accountOf(null, long))).toMatch(/^account:sha256:[0-9a-f]{64}$/);
    expect(accountKey(accountOf(null, long.toUpperCase()))).toBe(accountKey(accountOf(null, long)));
    expect(accountKey(accountOf(null, `${long}x`))).not.toBe(accountKey(accountOf(null, long)));
    expect(pairKey(accountOf(null, long), '2001:db8::1').length).toBeLessThanOrEqual(320);
  });
});
