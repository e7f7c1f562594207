import { Injectable } from '@nestjs/common';
import { FailureThrottle } from '../../users/failure-throttle';
import type { ThrottlePolicy } from '../../users/login-throttle';

/**
 * RFC 8628 §5.1: user codes are short enough to guess, so wrong ones are counted per client IP
 * and, past the threshold, lock that IP out with doubling waits. The window must not exceed
 * the login policies', which decide when the cleanup job drops a counter.
 */
export const USER_CODE_POLICY: ThrottlePolicy = {
  threshold: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
  windowSeconds: 900,
};

const keyOf = (ip: string) => `device:ip:${ip}`;

/** Wrong user codes per IP, in login_attempts, so the count holds across replicas. */
@Injectable()
export class UserCodeThrottle {
  constructor(private readonly failures: FailureThrottle) {}

  /** Seconds this IP must still wait; 0 when it may try a code. */
  lockedFor(ip: string): Promise<number> {
    return this.failures.lockedFor([keyOf(ip)]);
  }

  /**
   * Counts a code before it is looked up, so that parallel guesses get the allowance and no more;
   * false while the IP is locked. The attempt is then wrong() or right().
   */
  take(ip: string): Promise<boolean> {
    return this.failures.takeAttempt(keyOf(ip), USER_CODE_POLICY);
  }

  /** A wrong code: its attempt stays counted, and locks the IP from the threshold on. */
  wrong(ip: string): Promise<void> {
    return this.failures.lockIfDue(keyOf(ip), USER_CODE_POLICY);
  }

  /**
   * A right code: its attempt no longer counts, but the earlier wrong ones do (a guesser holding
   * one valid code must not reset them), and the lock they earn replaces the one take() set.
   */
  async right(ip: string): Promise<void> {
    await this.failures.giveBack(keyOf(ip));
    await this.failures.lockIfDue(keyOf(ip), USER_CODE_POLICY);
  }
}
