import { Injectable } from '@nestjs/common';
import { FailureThrottle } from '../../users/failure-throttle';
import type { ThrottlePolicy } from '../../users/login-throttle';
import type { SecondFactorResult } from '../second-factor/second-factor-method';

/**
 * Wrong second-factor codes, one-time and recovery codes together, per user: a six-digit code
 * is guessable, so after 5 wrong ones in 15 minutes each further one locks the user's codes for
 * 30 s, doubling up to 15 minutes (the login throttle's backoff, login-throttle.ts). Per user,
 * not per address: the guesser already holds the password and may have many addresses. The
 * window must not exceed the login policies', which decide when the cleanup job drops a counter.
 */
export const CODE_ATTEMPTS_POLICY: ThrottlePolicy = {
  threshold: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
  windowSeconds: 900,
};

export const TOO_MANY_CODES = 'Too many wrong codes. Wait a few minutes, then try again.';

const keyOf = (userId: string) => `factor:user:${userId}`;

/**
 * The per-user counter of wrong codes, in login_attempts so it holds across replicas. (The
 * second-factor step audits each refusal; the account page's removal form audits its own.)
 */
@Injectable()
export class CodeAttempts {
  constructor(private readonly failures: FailureThrottle) {}

  /**
   * Takes an attempt before a code is checked: null when the code may be tried, else the refusal
   * (the user's codes are locked). Counted first, so that parallel guesses get the allowance and
   * no more; the attempt is then either succeeded() or failed().
   */
  async take(userId: string): Promise<SecondFactorResult | null> {
    if (await this.failures.takeAttempt(keyOf(userId), CODE_ATTEMPTS_POLICY)) return null;
    return { ok: false, message: TOO_MANY_CODES, status: 429 };
  }

  /** A wrong code: its attempt stays counted, and locks the user's codes from the threshold on. */
  failed(userId: string): Promise<void> {
    return this.failures.lockIfDue(keyOf(userId), CODE_ATTEMPTS_POLICY);
  }

  /** A right code: the user's earlier mistakes no longer count. */
  succeeded(userId: string): Promise<void> {
    return this.failures.clear(keyOf(userId));
  }
}
