import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { AMR } from '../../authenticators/acr';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { SessionService } from '../../interaction/session/session.service';
import type { User } from '../../users/user.entity';
import { FactorChangeProof } from '../account/factor-change-proof';
import { RecoveryCodeIssuer } from '../recovery-codes/recovery-code-issuer';
import { RECOVERY_CODE_COUNT } from '../recovery-codes/recovery-codes.service';
import { typedCode } from './totp-code';
import { TotpFactors } from './totp-factors.service';
import { ownFactorEvent } from '../account/own-factor-event';

const METHOD = 'totp';

export type TotpConfirmOutcome =
  { ok: true; recoveryCodes: string[] | null } | { ok: false; problem: 'totp-code' | 'totp-expired' };

export type TotpRemoveOutcome = 'removed' | 'none' | 'totp-proof' | 'totp-locked';

export type TotpStartOutcome = 'started' | 'totp-setup-proof' | 'totp-locked';

type Requester = Request & { id?: string };

/**
 * Setting up and removing the authenticator app from the "Sign-in methods" page. A set-up is
 * done once the app proves it holds the secret with one right code, which also proves the
 * factor for the session it is done in (SessionService.addFactor).
 */
@Injectable()
export class TotpEnrolment {
  constructor(
    private readonly factors: TotpFactors,
    private readonly recoveryCodes: RecoveryCodeIssuer,
    private readonly proof: FactorChangeProof,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A new secret to show, unless the app is already set up (then nothing changes), once the user
   * proves it is them with the current password: a stolen session alone could otherwise put its
   * own app in the way of the owner's next sign-in. An account without a password (made by an
   * upstream provider) has nothing to prove it with here; its first app is what later proves it.
   */
  async start(
    req: Requester,
    { session, user }: { session: BrowserSession; user: User },
    proof: unknown,
  ): Promise<TotpStartOutcome> {
    if (await this.factors.isEnrolled(user.id)) return 'started';
    if (user.passwordHash) {
      const proved = await this.proof.check(req, user, proof, { method: METHOD, to: 'add' });
      if (proved !== 'proved') return proved === 'locked' ? 'totp-locked' : 'totp-setup-proof';
    }
    // Bound to this browser session: another session of the account neither sees the key nor finishes it.
    await this.factors.startSetup(user.id, session.id);
    return 'started';
  }

  /** Cancels this session's set-up only. */
  cancel(userId: string, sessionId: string): Promise<boolean> {
    return this.factors.cancelSetup(userId, sessionId);
  }

  /** The first code from the app; right: the app is the user's, the session steps up, recovery codes are made if the user has none. */
  async confirm(
    req: Requester,
    res: Response,
    current: { session: BrowserSession; user: User },
    typed: unknown,
  ): Promise<TotpConfirmOutcome> {
    const code = typedCode(typed);
    if (!code) return { ok: false, problem: 'totp-code' };
    const outcome = await this.factors.confirm(current.user.id, code, { sessionId: current.session.id });
    if (outcome !== 'confirmed') return { ok: false, problem: outcome === 'wrong' ? 'totp-code' : 'totp-expired' };
    await this.record(req, current.user.id, AuditEventType.FactorEnrolled, { method: METHOD });
    await this.sessions.addFactor(req, res, current.session, [AMR.oneTimeCode]);
    const recoveryCodes = await this.recoveryCodes.afterEnrolment(current.user.id);
    if (recoveryCodes)
      await this.record(req, current.user.id, AuditEventType.FactorEnrolled, {
        method: 'recovery-code',
        count: RECOVERY_CODE_COUNT,
      });
    return { ok: true, recoveryCodes };
  }

  /**
   * Removes the app, once the user proves it is them (FactorChangeProof: the current password,
   * or a code from the app for an account without a password).
   */
  async remove(req: Requester, user: User, proof: unknown): Promise<TotpRemoveOutcome> {
    if (!(await this.factors.isEnrolled(user.id))) return 'none';
    const proved = await this.proof.check(req, user, proof, { method: METHOD, to: 'remove' });
    if (proved !== 'proved') return proved === 'locked' ? 'totp-locked' : 'totp-proof';
    await this.factors.remove(user.id);
    await this.record(req, user.id, AuditEventType.FactorRemoved, { method: METHOD });
    await this.recoveryCodes.afterRemoval(user.id);
    return 'removed';
  }

  private record(req: Requester, userId: string, type: string, details: Record<string, unknown>) {
    return this.audit.record(ownFactorEvent(req, userId, type, details));
  }
}
