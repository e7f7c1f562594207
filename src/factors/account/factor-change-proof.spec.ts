import type { Request } from 'express';
import type { AuditService } from '../../audit/audit.service';
import type { PasswordConfirmation, PasswordLoginService } from '../../users/password-login.service';
import type { User } from '../../users/user.entity';
import type { CodeAttempts } from '../totp/code-attempts';
import type { TotpCheck, TotpFactors } from '../totp/totp-factors.service';
import { FactorChangeProof } from './factor-change-proof';

const user = { id: '11111111-1111-4111-8111-111111111111', username: 'wren', passwordHash: '$argon2id$…' } as User;
const req = { ip: '192.0.2.1' } as Request;
const change = { method: 'passkey', to: 'add' } as const;

function proof(options: { code?: TotpCheck; password?: PasswordConfirmation; locked?: boolean; app?: boolean }) {
  const totp = {
    check: jest.fn().mockResolvedValue(options.code ?? 'wrong'),
    isEnrolled: jest.fn().mockResolvedValue(options.app ?? false),
  };
  const attempts = {
    take: jest.fn().mockResolvedValue(options.locked ? { ok: false, message: 'locked', status: 429 } : null),
    failed: jest.fn().mockResolvedValue(undefined),
    succeeded: jest.fn().mockResolvedValue(undefined),
  };
  const passwords = { confirm: jest.fn().mockResolvedValue(options.password ?? { ok: false, reason: 'invalid' }) };
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const service = new FactorChangeProof(
    totp as unknown as TotpFactors,
    attempts as unknown as CodeAttempts,
    passwords as unknown as PasswordLoginService,
    audit as unknown as AuditService,
  );
  const audited = () => audit.record.mock.calls.map(([e]: [{ type: string; details: unknown }]) => [e.type, e.details]);
  return { service, totp, attempts, passwords, audited };
}

describe('FactorChangeProof', () => {
  it('accepts the current password, checked (and counted) as the account page checks it', async () => {
    const p = proof({ password: { ok: true } });
    await expect(p.service.check(req, user, 'correct horse battery staple', change)).resolves.toBe('proved');
    expect(p.passwords.confirm).toHaveBeenCalledWith(user, 'correct horse battery staple', '192.0.2.1');
    expect(p.attempts.succeeded).toHaveBeenCalledWith(user.id);
    expect(p.audited()).toEqual([]);
  });

  it('accepts a current code from the app instead, without asking for the password', async () => {
    const p = proof({ code: 'accepted' });
    await expect(p.service.check(req, user, '123 456', change)).resolves.toBe('proved');
    expect(p.totp.check).toHaveBeenCalledWith(user.id, '123456');
    expect(p.passwords.confirm).not.toHaveBeenCalled();
  });

  it('refuses a wrong proof, counted as a wrong code and audited with the change asked for', async () => {
    const p = proof({ code: 'replayed' });
    await expect(p.service.check(req, user, '123456', change)).resolves.toBe('wrong');
    expect(p.attempts.failed).toHaveBeenCalledWith(user.id);
    expect(p.audited()).toEqual([['security.second_factor_failed', { method: 'passkey', to: 'add' }]]);
    await expect(proof({}).service.check(req, user, '', change)).resolves.toBe('wrong');
    await expect(proof({}).service.check(req, user, ['pw'], change)).resolves.toBe('wrong');
  });

  it('checks nothing while the user is locked out of codes, nor while the password is', async () => {
    const codes = proof({ locked: true, password: { ok: true } });
    await expect(codes.service.check(req, user, 'correct horse battery staple', change)).resolves.toBe('locked');
    expect(codes.passwords.confirm).not.toHaveBeenCalled();
    const password = proof({ password: { ok: false, reason: 'locked', retryAfterSeconds: 30 } });
    await expect(password.service.check(req, user, 'correct horse battery staple', change)).resolves.toBe('locked');
    expect(password.audited()).toEqual([]);
  });

  it.each([
    ['a password and an app', true, true, 'password-or-code'],
    ['a password alone', true, false, 'password'],
    ['an app alone', false, true, 'code'],
    ['neither', false, false, 'none'],
  ] as const)('says what a user with %s can prove it with', async (_name, hasPassword, app, kind) => {
    const p = proof({ app });
    await expect(p.service.kindFor({ ...user, passwordHash: hasPassword ? 'hash' : null } as User)).resolves.toBe(kind);
  });
});
