import type { FailureThrottle } from '../../users/failure-throttle';
import { CODE_ATTEMPTS_POLICY, CodeAttempts, TOO_MANY_CODES } from './code-attempts';

const USER = '11111111-1111-4111-8111-111111111111';
const KEY = `factor:user:${USER}`;

function attempts(allowed = true) {
  const throttle = {
    takeAttempt: jest.fn().mockResolvedValue(allowed),
    lockIfDue: jest.fn().mockResolvedValue(undefined),
    clear: jest.fn().mockResolvedValue(undefined),
  };
  return { throttle, attempts: new CodeAttempts(throttle as unknown as FailureThrottle) };
}

describe('CodeAttempts', () => {
  it('takes each attempt on one counter per user before the code is checked, locking after five wrong ones in 15 minutes', async () => {
    expect(CODE_ATTEMPTS_POLICY).toMatchObject({ threshold: 5, windowSeconds: 900 });
    const { attempts: a, throttle } = attempts();
    await expect(a.take(USER)).resolves.toBeNull();
    await a.failed(USER);
    expect(throttle.takeAttempt).toHaveBeenCalledWith(KEY, CODE_ATTEMPTS_POLICY);
    expect(throttle.lockIfDue).toHaveBeenCalledWith(KEY, CODE_ATTEMPTS_POLICY);
  });

  it('refuses with 429 and its message while the counter is locked', async () => {
    const { attempts: a } = attempts(false);
    await expect(a.take(USER)).resolves.toEqual({ ok: false, message: TOO_MANY_CODES, status: 429 });
  });

  it('forgets the mistakes once a right code is given', async () => {
    const { attempts: a, throttle } = attempts();
    await a.succeeded(USER);
    expect(throttle.clear).toHaveBeenCalledWith(KEY);
  });
});
