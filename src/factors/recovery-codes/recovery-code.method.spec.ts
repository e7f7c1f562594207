import type { DataSource } from 'typeorm';
import type { Request } from 'express';
import { SecondFactorMethods } from '../second-factor/second-factor-methods';
import type { CodeAttempts } from '../totp/code-attempts';
import { RECOVERY_CODE_MESSAGES, RecoveryCodeMethod } from './recovery-code.method';
import type { RecoveryCodeCheck, RecoveryCodes } from './recovery-codes.service';

/** No test here asks SecondFactorMethods what a user has enrolled, so no statement is made. */
const noDatabase = {} as DataSource;

const USER = '11111111-1111-4111-8111-111111111111';
const request = (code: unknown) => ({ body: { method: 'recovery-code', code }, ip: '192.0.2.1' }) as unknown as Request;

function method(
  consume: RecoveryCodeCheck,
  { remaining = 10, locked = false, methods = new SecondFactorMethods(noDatabase) } = {},
) {
  const codes = {
    consume: jest.fn().mockResolvedValue(consume),
    remaining: jest.fn().mockResolvedValue(remaining),
    removeAll: jest.fn().mockResolvedValue(remaining),
  };
  const attempts = {
    take: jest.fn().mockResolvedValue(locked ? { ok: false, message: 'locked', status: 429 } : null),
    failed: jest.fn().mockResolvedValue(undefined),
    succeeded: jest.fn().mockResolvedValue(undefined),
  };
  const recovery = new RecoveryCodeMethod(
    methods,
    codes as unknown as RecoveryCodes,
    attempts as unknown as CodeAttempts,
  );
  recovery.onModuleInit();
  return { recovery, codes, attempts };
}

describe('RecoveryCodeMethod', () => {
  it('is offered only with codes left', async () => {
    await expect(method('accepted').recovery.isEnrolled(USER)).resolves.toBe(true);
    await expect(method('accepted', { remaining: 0 }).recovery.isEnrolled(USER)).resolves.toBe(false);
  });

  it('accepts an unused code as typed, with amr otp', async () => {
    const { recovery, codes, attempts } = method('accepted');
    await expect(recovery.verify(request('ABCD-EFGH-JKMN-PQRS'), USER)).resolves.toEqual({ ok: true, amr: ['otp'] });
    expect(codes.consume).toHaveBeenCalledWith(USER, 'abcdefghjkmnpqrs');
    expect(attempts.succeeded).toHaveBeenCalledWith(USER);
  });

  it.each([
    ['used', RECOVERY_CODE_MESSAGES.used],
    ['unknown', RECOVERY_CODE_MESSAGES.unknown],
  ] as const)('refuses a %s code with its own message (401), counted', async (outcome, message) => {
    const { recovery, attempts } = method(outcome);
    await expect(recovery.verify(request('abcd-efgh-jkmn-pqrs'), USER)).resolves.toEqual({
      ok: false,
      message,
      status: 401,
    });
    expect(attempts.failed).toHaveBeenCalledWith(USER);
  });

  it('asks for a code in its form, and checks nothing while the user is locked out', async () => {
    const { recovery, codes } = method('accepted');
    await expect(recovery.verify(request('123456'), USER)).resolves.toEqual({
      ok: false,
      message: RECOVERY_CODE_MESSAGES.missing,
      status: 400,
    });
    const locked = method('accepted', { locked: true });
    await expect(locked.recovery.verify(request('abcd-efgh-jkmn-pqrs'), USER)).resolves.toMatchObject({ status: 429 });
    expect(codes.consume).not.toHaveBeenCalled();
    expect(locked.codes.consume).not.toHaveBeenCalled();
  });

  it('tells the page how many codes are left', async () => {
    await expect(method('accepted', { remaining: 7 }).recovery.pageData(request(''), USER)).resolves.toEqual({
      remaining: 7,
    });
  });
});
