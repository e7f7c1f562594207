import type { Request } from 'express';
import type { AuditService } from '../../audit/audit.service';
import type { FailureThrottle } from '../../users/failure-throttle';
import { CODE_ATTEMPTS_POLICY, CodeAttempts, TOO_MANY_CODES } from './code-attempts';

const USER = '11111111-1111-4111-8111-111111111111';
const req = { ip: '192.0.2.1', id: 'req-1' } as unknown as Request;

function attempts(lockedFor = 0) {
  const throttle = {
    lockedFor: jest.fn().mockResolvedValue(lockedFor),
    recordFailure: jest.fn().mockResolvedValue(undefined),
    clear: jest.fn().mockResolvedValue(undefined),
  };
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  return {
    throttle,
    audit,
    attempts: new CodeAttempts(throttle as unknown as FailureThrottle, audit as unknown as AuditService),
  };
}

describe('CodeAttempts', () => {
  it('counts wrong codes per user, one-time and recovery codes alike, and audits each', async () => {
    const { attempts: a, throttle, audit } = attempts();
    await a.failed(req, USER, 'totp', 'replayed');
    await a.failed(req, USER, 'recovery-code', 'used');
    expect(throttle.recordFailure.mock.calls).toEqual([
      [`factor:user:${USER}`, CODE_ATTEMPTS_POLICY],
      [`factor:user:${USER}`, CODE_ATTEMPTS_POLICY],
    ]);
    expect(audit.record).toHaveBeenCalledWith({
      actor: `user:${USER}`,
      type: 'security.second_factor_failed',
      subject: USER,
      ip: '192.0.2.1',
      requestId: 'req-1',
      details: { method: 'totp', reason: 'replayed' },
    });
  });

  it('refuses with 429 while locked, and audits the refusal', async () => {
    const { attempts: a, audit } = attempts(30);
    await expect(a.locked(req, USER, 'totp')).resolves.toEqual({ ok: false, message: TOO_MANY_CODES, status: 429 });
    expect(audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ details: { method: 'totp', reason: 'locked' } }),
    );
    await expect(attempts(0).attempts.locked(req, USER, 'totp')).resolves.toBeNull();
  });

  it('locks after five wrong codes within 15 minutes, and a right code clears the count', async () => {
    expect(CODE_ATTEMPTS_POLICY).toMatchObject({ threshold: 5, windowSeconds: 900 });
    const { attempts: a, throttle } = attempts();
    await a.succeeded(USER);
    expect(throttle.clear).toHaveBeenCalledWith(`factor:user:${USER}`);
  });
});
