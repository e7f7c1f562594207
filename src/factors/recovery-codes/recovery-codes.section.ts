import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import type { User } from '../../users/user.entity';
import type { SecuritySection } from '../account/security-section';
import { SecuritySections } from '../account/security-sections';
import { RecoveryCodeIssuer } from './recovery-code-issuer';
import { RECOVERY_CODE_COUNT, RecoveryCodes } from './recovery-codes.service';

/** "Recovery codes" on the "Sign-in methods" page: how many are left, and a new set on demand. */
@Injectable()
export class RecoveryCodesSection implements SecuritySection, OnModuleInit {
  readonly name = 'recovery-codes';

  constructor(
    private readonly sections: SecuritySections,
    private readonly codes: RecoveryCodes,
    private readonly issuer: RecoveryCodeIssuer,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async data(_req: Request, user: User): Promise<Record<string, unknown>> {
    const [available, remaining] = await Promise.all([
      this.issuer.hasOtherFactor(user.id),
      this.codes.remaining(user.id),
    ]);
    return { available, remaining, total: RECOVERY_CODE_COUNT };
  }
}
