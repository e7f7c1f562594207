import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { PasswordLoginService } from '../../users/password-login.service';
import { PASSWORD_MAX_LENGTH } from '../../users/password-policy';
import type { User } from '../../users/user.entity';
import { CodeAttempts } from '../totp/code-attempts';
import { typedCode } from '../totp/totp-code';
import { TotpFactors } from '../totp/totp-factors.service';
import { ownFactorEvent } from './own-factor-event';

export type FactorChangeProofOutcome = 'proved' | 'wrong' | 'locked';

/** What the user can prove with, to word the form's field; `none`: no password and no app. */
export type FactorChangeProofKind = 'password' | 'password-or-code' | 'code' | 'none';

/** The change being asked for, as audited when the proof is wrong: `{ method: 'passkey', to: 'add' }`. */
export interface FactorChange {
  method: string;
  to: 'add' | 'remove';
}

type Requester = Request & { id?: string };

/**
 * The proof the Sign-in methods page asks before a factor is removed or a passkey added: the
 * current password, or a current code from the authenticator app (the only proof an account
 * without a password can give). A signed-in session alone is not enough: whoever stole one
 * could plant a passkey that outlives a password reset, or drop the owner's factors.
 *
 * Each attempt is counted before it is checked, as a code is on the second-factor page
 * (CodeAttempts, per user), and a wrong password also counts as a failed sign-in of the account
 * from this address, as on the account page (PasswordLoginService.confirm).
 */
@Injectable()
export class FactorChangeProof {
  constructor(
    private readonly totp: TotpFactors,
    private readonly attempts: CodeAttempts,
    private readonly passwords: PasswordLoginService,
    private readonly audit: AuditService,
  ) {}

  async kindFor(user: User): Promise<FactorChangeProofKind> {
    const hasApp = await this.totp.isEnrolled(user.id);
    if (user.passwordHash) return hasApp ? 'password-or-code' : 'password';
    return hasApp ? 'code' : 'none';
  }

  async check(req: Requester, user: User, proof: unknown, change: FactorChange): Promise<FactorChangeProofOutcome> {
    if (await this.attempts.take(user.id)) return 'locked';
    const outcome = await this.proves(req, user, proof);
    if (outcome === 'proved') {
      await this.attempts.succeeded(user.id);
      return 'proved';
    }
    await this.attempts.failed(user.id);
    // A locked password is audited as a lockout by PasswordLoginService.
    if (outcome === 'wrong')
      await this.audit.record(ownFactorEvent(req, user.id, AuditEventType.SecondFactorFailed, { ...change }));
    return outcome;
  }

  private async proves(req: Request, user: User, proof: unknown): Promise<FactorChangeProofOutcome> {
    if (typeof proof !== 'string' || proof.length === 0 || proof.length > PASSWORD_MAX_LENGTH * 4) return 'wrong';
    const code = typedCode(proof);
    if (code && (await this.totp.check(user.id, code)) === 'accepted') return 'proved';
    const password = await this.passwords.confirm(user, proof, req.ip ?? 'unknown');
    if (password.ok) return 'proved';
    return password.reason === 'locked' ? 'locked' : 'wrong';
  }
}
