import type { Request, Response } from 'express';
import type { AuditService } from '../../audit/audit.service';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import type { SessionService } from '../../interaction/session/session.service';
import type { User } from '../../users/user.entity';
import type { UsersService } from '../../users/users.service';
import type { RecoveryCodeIssuer } from '../recovery-codes/recovery-code-issuer';
import type { CodeAttempts } from './code-attempts';
import { TotpEnrolment } from './totp-enrolment.service';
import type { TotpCheck, TotpConfirmation, TotpFactors } from './totp-factors.service';

const user = { id: '11111111-1111-4111-8111-111111111111', username: 'wren' } as User;
const session = { id: 'sid-1', userId: user.id, amr: ['pwd'] } as unknown as BrowserSession;
const req = { ip: '192.0.2.1' } as Request;
const res = {} as Response;

function enrolment(options: {
  confirm?: TotpConfirmation;
  check?: TotpCheck;
  enrolled?: boolean;
  password?: boolean;
  locked?: boolean;
  newCodes?: string[] | null;
}) {
  const factors = {
    confirm: jest.fn().mockResolvedValue(options.confirm ?? 'confirmed'),
    check: jest.fn().mockResolvedValue(options.check ?? 'wrong'),
    isEnrolled: jest.fn().mockResolvedValue(options.enrolled ?? true),
    remove: jest.fn().mockResolvedValue(1),
  };
  const issuer = {
    afterEnrolment: jest.fn().mockResolvedValue(options.newCodes === undefined ? ['aaaa'] : options.newCodes),
    afterRemoval: jest.fn().mockResolvedValue(undefined),
  };
  const attempts = {
    take: jest.fn().mockResolvedValue(options.locked ? { ok: false, message: 'locked', status: 429 } : null),
    failed: jest.fn().mockResolvedValue(undefined),
    succeeded: jest.fn().mockResolvedValue(undefined),
  };
  const sessions = { addFactor: jest.fn().mockResolvedValue(session) };
  const users = { verifyPassword: jest.fn().mockResolvedValue(options.password ?? false) };
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const service = new TotpEnrolment(
    factors as unknown as TotpFactors,
    issuer as unknown as RecoveryCodeIssuer,
    attempts as unknown as CodeAttempts,
    sessions as unknown as SessionService,
    users as unknown as UsersService,
    audit as unknown as AuditService,
  );
  const audited = () => audit.record.mock.calls.map(([e]: [{ type: string; details: unknown }]) => [e.type, e.details]);
  return { service, factors, issuer, attempts, sessions, users, audited };
}

describe('TotpEnrolment', () => {
  describe('confirm', () => {
    it('turns the app on with a right first code: audited, the session stepped up with otp, recovery codes made', async () => {
      const e = enrolment({ newCodes: ['a', 'b'] });
      await expect(e.service.confirm(req, res, { session, user }, ' 123 456')).resolves.toEqual({
        ok: true,
        recoveryCodes: ['a', 'b'],
      });
      expect(e.factors.confirm).toHaveBeenCalledWith(user.id, '123456');
      expect(e.sessions.addFactor).toHaveBeenCalledWith(req, res, session, ['otp']);
      expect(e.audited()).toEqual([
        ['account.factor_enrolled', { method: 'totp' }],
        ['account.factor_enrolled', { method: 'recovery-code', count: 10 }],
      ]);
    });

    it('makes no new recovery codes for a user who still holds some', async () => {
      const e = enrolment({ newCodes: null });
      await expect(e.service.confirm(req, res, { session, user }, '123456')).resolves.toEqual({
        ok: true,
        recoveryCodes: null,
      });
      expect(e.audited()).toEqual([['account.factor_enrolled', { method: 'totp' }]]);
    });

    it.each([
      ['a wrong code', 'wrong', '123456', 'totp-code'],
      ['no code', 'confirmed', '12', 'totp-code'],
      ['a set-up too old', 'expired', '123456', 'totp-expired'],
    ] as const)('refuses %s, changing nothing', async (_name, outcome, typed, problem) => {
      const e = enrolment({ confirm: outcome });
      await expect(e.service.confirm(req, res, { session, user }, typed)).resolves.toEqual({ ok: false, problem });
      expect(e.sessions.addFactor).not.toHaveBeenCalled();
      expect(e.issuer.afterEnrolment).not.toHaveBeenCalled();
    });
  });

  describe('remove', () => {
    it('removes the app with the password, audited, and lets the recovery codes follow', async () => {
      const e = enrolment({ password: true });
      await expect(e.service.remove(req, user, 'correct horse battery staple')).resolves.toBe('removed');
      expect(e.factors.remove).toHaveBeenCalledWith(user.id);
      expect(e.issuer.afterRemoval).toHaveBeenCalledWith(user.id);
      expect(e.audited()).toEqual([['account.factor_removed', { method: 'totp' }]]);
    });

    it('removes the app with a current code from it instead (an account without a password)', async () => {
      const e = enrolment({ check: 'accepted' });
      await expect(e.service.remove(req, user, '123456')).resolves.toBe('removed');
      expect(e.users.verifyPassword).not.toHaveBeenCalled();
    });

    it('refuses a wrong proof, counted as a wrong code and audited; nothing while locked', async () => {
      const e = enrolment({ check: 'replayed' });
      await expect(e.service.remove(req, user, '123456')).resolves.toBe('totp-proof');
      expect(e.attempts.failed).toHaveBeenCalledWith(user.id);
      expect(e.factors.remove).not.toHaveBeenCalled();
      expect(e.audited()).toEqual([['security.second_factor_failed', { method: 'totp', to: 'remove' }]]);
      const locked = enrolment({ password: true, locked: true });
      await expect(locked.service.remove(req, user, 'correct horse battery staple')).resolves.toBe('totp-locked');
      expect(locked.factors.remove).not.toHaveBeenCalled();
    });

    it('has nothing to remove when no app is set up', async () => {
      const e = enrolment({ enrolled: false, password: true });
      await expect(e.service.remove(req, user, 'pw')).resolves.toBe('none');
      expect(e.factors.remove).not.toHaveBeenCalled();
    });
  });
});
