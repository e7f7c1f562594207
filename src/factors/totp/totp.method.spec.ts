import type { DataSource } from 'typeorm';
import type { Request } from 'express';
import { SecondFactorMethods } from '../second-factor/second-factor-methods';
import type { CodeAttempts } from './code-attempts';
import type { TotpCheck, TotpFactors } from './totp-factors.service';
import { TOTP_MESSAGES, TotpMethod } from './totp.method';

/** No test here asks SecondFactorMethods what a user has enrolled, so no statement is made. */
const noDatabase = {} as DataSource;

const USER = '11111111-1111-4111-8111-111111111111';
const request = (code: unknown) => ({ body: { method: 'totp', code }, ip: '192.0.2.1' }) as unknown as Request;

function method(check: TotpCheck, locked = false) {
  const factors = { check: jest.fn().mockResolvedValue(check), isEnrolled: jest.fn(), remove: jest.fn() };
  const attempts = {
    take: jest.fn().mockResolvedValue(locked ? { ok: false, message: 'locked', status: 429 } : null),
    failed: jest.fn().mockResolvedValue(undefined),
    succeeded: jest.fn().mockResolvedValue(undefined),
  };
  const methods = new SecondFactorMethods(noDatabase);
  const totp = new TotpMethod(methods, factors as unknown as TotpFactors, attempts as unknown as CodeAttempts);
  totp.onModuleInit();
  return { totp, factors, attempts, methods };
}

describe('TotpMethod', () => {
  it('registers itself as "totp", a second factor (acr 2)', () => {
    const { totp, methods } = method('accepted');
    expect(methods.find('totp')).toBe(totp);
    expect(totp.reaches).toBe('2');
  });

  it('accepts a right code (spaces allowed) with amr otp, clearing the user’s mistakes', async () => {
    const { totp, factors, attempts } = method('accepted');
    await expect(totp.verify(request('123 456'), USER)).resolves.toEqual({ ok: true, amr: ['otp'] });
    expect(factors.check).toHaveBeenCalledWith(USER, '123456');
    expect(attempts.succeeded).toHaveBeenCalledWith(USER);
    expect(attempts.failed).not.toHaveBeenCalled();
  });

  it.each([
    ['wrong', TOTP_MESSAGES.wrong],
    ['replayed', TOTP_MESSAGES.replayed],
  ] as const)('refuses a %s code with its own message (401), counted', async (outcome, message) => {
    const { totp, attempts } = method(outcome);
    await expect(totp.verify(request('123456'), USER)).resolves.toEqual({ ok: false, message, status: 401 });
    expect(attempts.failed).toHaveBeenCalledWith(USER);
  });

  it('asks for a code when none that could be one is sent, without counting it', async () => {
    const { totp, factors, attempts } = method('accepted');
    await expect(totp.verify(request('12ab'), USER)).resolves.toEqual({
      ok: false,
      message: TOTP_MESSAGES.missing,
      status: 400,
    });
    expect(factors.check).not.toHaveBeenCalled();
    expect(attempts.failed).not.toHaveBeenCalled();
  });

  it('checks nothing while the user is locked out', async () => {
    const { totp, factors } = method('accepted', true);
    await expect(totp.verify(request('123456'), USER)).resolves.toMatchObject({ ok: false, status: 429 });
    expect(factors.check).not.toHaveBeenCalled();
  });

  it('refuses when no app is set up', async () => {
    const { totp } = method('none');
    await expect(totp.verify(request('123456'), USER)).resolves.toEqual({
      ok: false,
      message: TOTP_MESSAGES.none,
      status: 400,
    });
  });
});
