import type { Request, Response } from 'express';
import type { AuditService } from '../../audit/audit.service';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import type { SessionService } from '../../interaction/session/session.service';
import type { User } from '../../users/user.entity';
import type { FactorChangeProof, FactorChangeProofOutcome } from '../account/factor-change-proof';
import type { RecoveryCodeIssuer } from '../recovery-codes/recovery-code-issuer';
import { TotpEnrolment } from './totp-enrolment.service';
import type { TotpConfirmation, TotpFactors } from './totp-factors.service';

const user = { id: '11111111-1111-4111-8111-111111111111', username: 'wren' } as User;
const session = { id: 'sid-1', userId: user.id, amr: ['pwd'] } as unknown as BrowserSession;
const req = { ip: '192.0.2.1' } as Request;
const res = {} as Response;

function enrolment(options: {
  confirm?: TotpConfirmation;
  enrolled?: boolean;
  proof?: FactorChangeProofOutcome;
  newCodes?: string[] | null;
}) {
  const factors = {
    confirm: jest.fn().mockResolvedValue(options.confirm ?? 'confirmed'),
    isEnrolled: jest.fn().mockResolvedValue(options.enrolled ?? true),
    startSetup: jest.fn().mockResolvedValue({ secret: 'S' }),
    remove: jest.fn().mockResolvedValue(1),
  };
  const issuer = {
    afterEnrolment: jest.fn().mockResolvedValue(options.newCodes === undefined ? ['aaaa'] : options.newCodes),
    afterRemoval: jest.fn().mockResolvedValue(undefined),
  };
  const proof = { check: jest.fn().mockResolvedValue(options.proof ?? 'wrong') };
  const sessions = { addFactor: jest.fn().mockResolvedValue(session) };
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const service = new TotpEnrolment(
    factors as unknown as TotpFactors,
    issuer as unknown as RecoveryCodeIssuer,
    proof as unknown as FactorChangeProof,
    sessions as unknown as SessionService,
    audit as unknown as AuditService,
  );
  const audited = () => audit.record.mock.calls.map(([e]: [{ type: string; details: unknown }]) => [e.type, e.details]);
  return { service, factors, issuer, proof, sessions, audited };
}

describe('TotpEnrolment', () => {
  describe('start', () => {
    const withPassword = { ...user, passwordHash: '$argon2id$…' } as User;

    it('starts a set-up once the current password proves the user, checked as an addition', async () => {
      const e = enrolment({ enrolled: false, proof: 'proved' });
      await expect(e.service.start(req, { session, user: withPassword }, 'correct horse battery staple')).resolves.toBe(
        'started',
      );
      expect(e.proof.check).toHaveBeenCalledWith(req, withPassword, 'correct horse battery staple', {
        method: 'totp',
        to: 'add',
      });
      expect(e.factors.startSetup).toHaveBeenCalledWith(user.id, session.id);
    });

    it.each([
      ['wrong', 'totp-setup-proof'],
      ['locked', 'totp-locked'],
    ] as const)('starts nothing with a proof that is %s', async (outcome, problem) => {
      const e = enrolment({ enrolled: false, proof: outcome });
      await expect(e.service.start(req, { session, user: withPassword }, 'guess')).resolves.toBe(problem);
      expect(e.factors.startSetup).not.toHaveBeenCalled();
    });

    it('asks no proof of an account without a password, which has none to give', async () => {
      const e = enrolment({ enrolled: false });
      await expect(
        e.service.start(req, { session, user: { ...user, passwordHash: null } as User }, undefined),
      ).resolves.toBe('started');
      expect(e.proof.check).not.toHaveBeenCalled();
      expect(e.factors.startSetup).toHaveBeenCalledWith(user.id, session.id);
    });

    it('changes nothing when the app is already set up', async () => {
      const e = enrolment({ enrolled: true, proof: 'proved' });
      await expect(e.service.start(req, { session, user: withPassword }, 'x')).resolves.toBe('started');
      expect(e.proof.check).not.toHaveBeenCalled();
      expect(e.factors.startSetup).not.toHaveBeenCalled();
    });
  });

  describe('confirm', () => {
    it('turns the app on with a right first code: audited, the session stepped up with otp, recovery codes made', async () => {
      const e = enrolment({ newCodes: ['a', 'b'] });
      await expect(e.service.confirm(req, res, { session, user }, ' 123 456')).resolves.toEqual({
        ok: true,
        recoveryCodes: ['a', 'b'],
      });
      expect(e.factors.confirm).toHaveBeenCalledWith(user.id, '123456', { sessionId: session.id });
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
    it('removes the app once the user proves it is them, audited, and lets the recovery codes follow', async () => {
      const e = enrolment({ proof: 'proved' });
      await expect(e.service.remove(req, user, 'correct horse battery staple')).resolves.toBe('removed');
      expect(e.proof.check).toHaveBeenCalledWith(req, user, 'correct horse battery staple', {
        method: 'totp',
        to: 'remove',
      });
      expect(e.factors.remove).toHaveBeenCalledWith(user.id);
      expect(e.issuer.afterRemoval).toHaveBeenCalledWith(user.id);
      expect(e.audited()).toEqual([['account.factor_removed', { method: 'totp' }]]);
    });

    it.each([
      ['wrong', 'totp-proof'],
      ['locked', 'totp-locked'],
    ] as const)('refuses a proof that is %s, removing nothing', async (outcome, problem) => {
      const e = enrolment({ proof: outcome });
      await expect(e.service.remove(req, user, '123456')).resolves.toBe(problem);
      expect(e.factors.remove).not.toHaveBeenCalled();
      expect(e.issuer.afterRemoval).not.toHaveBeenCalled();
    });

    it('has nothing to remove when no app is set up', async () => {
      const e = enrolment({ enrolled: false, proof: 'proved' });
      await expect(e.service.remove(req, user, 'pw')).resolves.toBe('none');
      expect(e.proof.check).not.toHaveBeenCalled();
      expect(e.factors.remove).not.toHaveBeenCalled();
    });
  });
});
