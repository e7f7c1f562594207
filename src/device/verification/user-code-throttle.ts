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

  /** A wrong code. A right one clears nothing: a guesser holding one valid code must not reset the count. */
  recordWrongCode(ip: string): Promise<void> {
    return this.failures.recordFailure(keyOf(ip), USER_CODE_POLICY);
  }
}
