import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { FailureThrottle } from '../../users/failure-throttle';
import type { ThrottlePolicy } from '../../users/login-throttle';
import type { SecondFactorResult } from '../second-factor/second-factor-method';

/**
 * Wrong second-factor codes, one-time and recovery codes together, per user: a six-digit code
 * is guessable, so after 5 wrong ones in 15 minutes each further one locks the user's second
 * factor for 30 s, doubling up to 15 minutes (the login throttle's backoff, login-throttle.ts).
 * The window must not exceed the login policies', which decide when the cleanup job drops a counter.
 */
export const CODE_ATTEMPTS_POLICY: ThrottlePolicy = {
  threshold: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
  windowSeconds: 900,
};

export const TOO_MANY_CODES = 'Too many wrong codes. Wait a few minutes, then try again.';

const keyOf = (userId: string) => `factor:user:${userId}`;

/** Why a code was refused, as the audit trail says it. */
export type CodeRefusal = 'wrong' | 'replayed' | 'used' | 'unknown' | 'locked';

/** The per-user counter of wrong codes (login_attempts), and the audit of each refusal. */
@Injectable()
export class CodeAttempts {
  constructor(
    private readonly failures: FailureThrottle,
    private readonly audit: AuditService,
  ) {}

  /** The refusal to give while the user is locked out, or null when a code may be tried. */
  async locked(req: Request, userId: string, method: string): Promise<SecondFactorResult | null> {
    if ((await this.failures.lockedFor([keyOf(userId)])) === 0) return null;
    await this.record(req, userId, method, 'locked');
    return { ok: false, message: TOO_MANY_CODES, status: 429 };
  }

  /** Counts a wrong code and audits it. */
  async failed(req: Request, userId: string, method: string, reason: Exclude<CodeRefusal, 'locked'>): Promise<void> {
    await this.failures.recordFailure(keyOf(userId), CODE_ATTEMPTS_POLICY);
    await this.record(req, userId, method, reason);
  }

  /** A right code: the user's earlier mistakes no longer count. */
  succeeded(userId: string): Promise<void> {
    return this.failures.clear(keyOf(userId));
  }

  private record(req: Request & { id?: string }, userId: string, method: string, reason: CodeRefusal) {
    return this.audit.record({
      actor: `user:${userId}`,
      type: AuditEventType.SecondFactorFailed,
      subject: userId,
      ip: req.ip ?? null,
      requestId: req.id ?? null,
      details: { method, reason },
    });
  }
}
