import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { RECOVERY_CODE_METHOD, RecoveryCodeIssuer } from './recovery-code-issuer';
import { RECOVERY_CODE_COUNT, RecoveryCodes } from './recovery-codes.service';
import { ownFactorEvent } from '../account/own-factor-event';

export type RenewalOutcome = { ok: true; codes: string[] } | { ok: false; problem: 'recovery-codes-no-factor' };

/**
 * A new set of recovery codes on the user's demand, the old set retired. New codes are a way in,
 * so only a session that proved a second factor may make some: AccountSecuritySession opens the
 * page to no other once the user has one, and without one there is nothing to recover.
 */
@Injectable()
export class RecoveryCodesRenewal {
  constructor(
    private readonly codes: RecoveryCodes,
    private readonly issuer: RecoveryCodeIssuer,
    private readonly audit: AuditService,
  ) {}

  async renew(req: Request & { id?: string }, userId: string): Promise<RenewalOutcome> {
    if (!(await this.issuer.hasOtherFactor(userId))) return { ok: false, problem: 'recovery-codes-no-factor' };
    const codes = await this.codes.replace(userId);
    await this.audit.record(
      ownFactorEvent(req, userId, AuditEventType.FactorEnrolled, {
        method: RECOVERY_CODE_METHOD,
        count: RECOVERY_CODE_COUNT,
        replaced: true,
      }),
    );
    return { ok: true, codes };
  }
}
