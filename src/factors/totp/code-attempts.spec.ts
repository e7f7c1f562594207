import type { FailureThrottle } from '../../users/failure-throttle';
import { CODE_ATTEMPTS_POLICY, CodeAttempts, TOO_MANY_CODES } from './code-attempts';

const USER = '11111111-1111-4111-8111-111111111111';
const KEY = `factor:user:${USER}`;

function attempts(lockedFor = 0) {
  const throttle = {
    lockedFor: jest.fn().mockResolvedValue(lockedFor),
    recordFailure: jest.fn().mockResolvedValue(undefined),
    clear: jest.fn().mockResolvedValue(undefined),
  };
  return { throttle, attempts: new CodeAttempts(throttle as unknown as FailureThrottle) };
}

describe('CodeAttempts', () => {
  it('counts wrong codes on one counter per user, with lockout after five in 15 minutes', async () => {
    expect(CODE_ATTEMPTS_POLICY).toMatchObject({ threshold: 5, windowSeconds: 900 });
    const { attempts: a, throttle } = attempts();
    await a.failed(USER);
    await a.failed(USER);
    expect(throttle.recordFailure.mock.calls).toEqual([
      [KEY, CODE_ATTEMPTS_POLICY],
      [KEY, CODE_ATTEMPTS_POLICY],
    ]);
  });

  it('refuses with 429 and its message while the counter is locked', async () => {
    const { attempts: a, throttle } = attempts(30);
    await expect(a.locked(USER)).resolves.toEqual({ ok: false, message: TOO_MANY_CODES, status: 429 });
    expect(throttle.lockedFor).toHaveBeenCalledWith([KEY]);
    await expect(attempts(0).attempts.locked(USER)).resolves.toBeNull();
  });

  it('forgets the mistakes once a right code is given', async () => {
    const { attempts: a, throttle } = attempts();
    await a.succeeded(USER);
    expect(throttle.clear).toHaveBeenCalledWith(KEY);
  });
});
