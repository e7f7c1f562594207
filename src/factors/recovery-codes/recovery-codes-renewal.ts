import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { AMR } from '../../authenticators/acr';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { RECOVERY_CODE_METHOD, RecoveryCodeIssuer } from './recovery-code-issuer';
import { RECOVERY_CODE_COUNT, RecoveryCodes } from './recovery-codes.service';

export type RenewalOutcome =
  { ok: true; codes: string[] } | { ok: false; problem: 'recovery-codes-step-up' | 'recovery-codes-no-factor' };

/**
 * A new set of recovery codes on the user's demand, the old set retired. Only from a session
 * that proved a second factor: new codes are a way in, so a stolen password-only session must
 * not be able to make some.
 */
@Injectable()
export class RecoveryCodesRenewal {
  constructor(
    private readonly codes: RecoveryCodes,
    private readonly issuer: RecoveryCodeIssuer,
    private readonly audit: AuditService,
  ) {}

  async renew(req: Request & { id?: string }, session: BrowserSession, userId: string): Promise<RenewalOutcome> {
    if (!(await this.issuer.hasOtherFactor(userId))) return { ok: false, problem: 'recovery-codes-no-factor' };
    if (!session.amr.includes(AMR.multiFactor)) return { ok: false, problem: 'recovery-codes-step-up' };
    const codes = await this.codes.replace(userId);
    await this.audit.record({
      actor: `user:${userId}`,
      type: AuditEventType.FactorEnrolled,
      subject: userId,
      ip: req.ip ?? null,
      requestId: req.id ?? null,
      details: { method: RECOVERY_CODE_METHOD, count: RECOVERY_CODE_COUNT, replaced: true },
    });
    return { ok: true, codes };
  }
}
