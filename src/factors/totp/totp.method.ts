import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import { AMR, MULTI_FACTOR_ACR } from '../../authenticators/acr';
import type { SecondFactorMethod, SecondFactorResult } from '../second-factor/second-factor-method';
import { SecondFactorMethods } from '../second-factor/second-factor-methods';
import { CodeAttempts } from './code-attempts';
import { typedCode } from './totp-code';
import { TotpFactors } from './totp-factors.service';

/** The refusals the second-factor page shows (locales/ keys). */
export const TOTP_MESSAGES = {
  missing: 'Enter the 6-digit code your authenticator app shows.',
  wrong: 'That code is not right. Enter the code your authenticator app shows now.',
  replayed: 'That code was already used. Wait for the next code in your authenticator app.',
  none: 'No authenticator app is set up for this account.',
} as const;

/** A code from the user's authenticator app (RFC 6238), on the second-factor page: amr `otp`. */
@Injectable()
export class TotpMethod implements SecondFactorMethod, OnModuleInit {
  readonly name = 'totp';
  readonly reaches = MULTI_FACTOR_ACR;
  readonly enrolledSql = TotpFactors.enrolledSql;

  constructor(
    private readonly methods: SecondFactorMethods,
    private readonly factors: TotpFactors,
    private readonly attempts: CodeAttempts,
  ) {}

  onModuleInit(): void {
    this.methods.register(this);
  }

  isEnrolled(userId: string): Promise<boolean> {
    return this.factors.isEnrolled(userId);
  }

  pageData(): Promise<Record<string, unknown>> {
    return Promise.resolve({});
  }

  async verify(req: Request, userId: string): Promise<SecondFactorResult> {
    const code = typedCode((req.body as Record<string, unknown> | undefined)?.code);
    if (!code) return { ok: false, message: TOTP_MESSAGES.missing, status: 400 };
    const refused = await this.attempts.take(userId);
    if (refused) return refused;
    const outcome = await this.factors.check(userId, code);
    switch (outcome) {
      case 'accepted':
        await this.attempts.succeeded(userId);
        return { ok: true, amr: [AMR.oneTimeCode] };
      case 'wrong':
      case 'replayed':
        await this.attempts.failed(userId);
        return { ok: false, message: TOTP_MESSAGES[outcome], status: 401 };
      case 'none':
        await this.attempts.failed(userId);
        return { ok: false, message: TOTP_MESSAGES.none, status: 400 };
    }
  }

  removeAll(userId: string): Promise<number> {
    return this.factors.remove(userId);
  }
}
