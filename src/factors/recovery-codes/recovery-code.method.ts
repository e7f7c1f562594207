import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import { AMR, MULTI_FACTOR_ACR } from '../../authenticators/acr';
import type { SecondFactorMethod, SecondFactorResult } from '../second-factor/second-factor-method';
import { SecondFactorMethods } from '../second-factor/second-factor-methods';
import { CodeAttempts } from '../totp/code-attempts';
import { typedRecoveryCode } from './recovery-code-format';
import { RECOVERY_CODE_METHOD } from './recovery-code-issuer';
import { RecoveryCodes } from './recovery-codes.service';

/** The refusals the second-factor page shows (locales/ keys). */
export const RECOVERY_CODE_MESSAGES = {
  missing: 'Enter one of your recovery codes, as xxxx-xxxx-xxxx-xxxx.',
  unknown: 'That is not one of your recovery codes.',
  used: 'That recovery code was already used: each code works once.',
} as const;

/**
 * One of the user's recovery codes, on the second-factor page, when the app or passkey is out
 * of reach. It counts as a one-time code: amr `otp` (RFC 8176 §2, "one-time password"), so a
 * sign-in with it reaches acr "2" like one with the app.
 */
@Injectable()
export class RecoveryCodeMethod implements SecondFactorMethod, OnModuleInit {
  readonly name = RECOVERY_CODE_METHOD;
  readonly reaches = MULTI_FACTOR_ACR;
  readonly backup = true;
  readonly enrolledSql = RecoveryCodes.anyLeftSql;

  constructor(
    private readonly methods: SecondFactorMethods,
    private readonly codes: RecoveryCodes,
    private readonly attempts: CodeAttempts,
  ) {}

  onModuleInit(): void {
    this.methods.register(this);
  }

  /** Codes left. Counts only beside another second factor (SecondFactorMethods.enrolledBy). */
  async isEnrolled(userId: string): Promise<boolean> {
    return (await this.codes.remaining(userId)) > 0;
  }

  async pageData(_req: Request, userId: string): Promise<Record<string, unknown>> {
    return { remaining: await this.codes.remaining(userId) };
  }

  async verify(req: Request, userId: string): Promise<SecondFactorResult> {
    const code = typedRecoveryCode((req.body as Record<string, unknown> | undefined)?.code);
    if (!code) return { ok: false, message: RECOVERY_CODE_MESSAGES.missing, status: 400 };
    const refused = await this.attempts.take(userId);
    if (refused) return refused;
    const outcome = await this.codes.consume(userId, code);
    if (outcome !== 'accepted') {
      await this.attempts.failed(userId);
      return { ok: false, message: RECOVERY_CODE_MESSAGES[outcome], status: 401 };
    }
    await this.attempts.succeeded(userId);
    return { ok: true, amr: [AMR.oneTimeCode] };
  }

  removeAll(userId: string): Promise<number> {
    return this.codes.removeAll(userId);
  }
}
