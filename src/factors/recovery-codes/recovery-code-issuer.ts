import { Injectable } from '@nestjs/common';
import { SecondFactorMethods } from '../second-factor/second-factor-methods';
import { RecoveryCodes } from './recovery-codes.service';

/** The name of the recovery-code method (recovery-code.method.ts). */
export const RECOVERY_CODE_METHOD = 'recovery-code';

/**
 * Recovery codes are the way back in when another second factor is lost, so they follow the
 * others: a set is made when the user's first second factor is set up, and withdrawn when the
 * last one is removed. Every method's enrolment and removal calls here (one-time codes and
 * passkeys).
 */
@Injectable()
export class RecoveryCodeIssuer {
  constructor(
    private readonly methods: SecondFactorMethods,
    private readonly codes: RecoveryCodes,
  ) {}

  /** Whether the user has a second factor other than recovery codes. */
  async hasOtherFactor(userId: string): Promise<boolean> {
    const others = this.methods.all().filter((m) => m.name !== RECOVERY_CODE_METHOD);
    return (await Promise.all(others.map((m) => m.isEnrolled(userId)))).some(Boolean);
  }

  /**
   * After a second factor is set up: a new set when the user has no unused code (the first
   * factor, or every code used), to show now; null when the user still holds codes.
   */
  async afterEnrolment(userId: string): Promise<string[] | null> {
    if ((await this.codes.remaining(userId)) > 0) return null;
    return this.codes.replace(userId);
  }

  /** After a second factor is removed: with none left, the codes go too (they are offered only beside another factor). */
  async afterRemoval(userId: string): Promise<void> {
    if (!(await this.hasOtherFactor(userId))) await this.codes.removeAll(userId);
  }
}
