import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { Request, Response } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { SessionService } from '../../interaction/session/session.service';
import type { User } from '../../users/user.entity';
import { FactorChangeProof } from '../account/factor-change-proof';
import { RecoveryCodeIssuer, RECOVERY_CODE_METHOD } from '../recovery-codes/recovery-code-issuer';
import { RECOVERY_CODE_COUNT } from '../recovery-codes/recovery-codes.service';
import { PasskeyStore } from './passkey.store';
import { PASSKEY_AMR } from './passkey-amr';
import { PasskeyNotice } from './passkey-notice';
import type { PasskeyProblem } from './passkey-problems';
import { PasskeyRegistration, passkeyName } from './passkey-registration';
import { ownFactorEvent } from '../account/own-factor-event';

export type PasskeyEnrolmentStart =
  { ok: true; name: string; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; problem: PasskeyProblem };

export type PasskeyEnrolmentOutcome =
  { ok: true; recoveryCodes: string[] | null } | { ok: false; problem: PasskeyProblem };

type Requester = Request & { id?: string };

/**
 * Adding a passkey from the Sign-in methods page, in two steps. First the user proves it is them
 * (FactorChangeProof): only then are registration options made, and their challenge (signed,
 * 5 minutes, answered once) stands for that proof, so a signed-in session alone cannot add a
 * passkey. Then the authenticator's answer is registered; like every factor, the first one steps
 * the session up and comes with recovery codes, and the owner is told by mail.
 */
@Injectable()
export class PasskeyEnrolment {
  constructor(
    private readonly store: PasskeyStore,
    private readonly registration: PasskeyRegistration,
    private readonly proof: FactorChangeProof,
    private readonly sessions: SessionService,
    private readonly recoveryCodes: RecoveryCodeIssuer,
    private readonly notice: PasskeyNotice,
    private readonly audit: AuditService,
  ) {}

  async start(req: Requester, user: User, form: { name: unknown; proof: unknown }): Promise<PasskeyEnrolmentStart> {
    const name = passkeyName(form.name);
    if (name === null) return { ok: false, problem: 'passkey-name' };
    const proved = await this.proof.check(req, user, form.proof, { method: 'passkey', to: 'add' });
    if (proved !== 'proved') return { ok: false, problem: proved === 'locked' ? 'passkey-locked' : 'passkey-proof' };
    return { ok: true, name, options: await this.registration.options(user, await this.store.ofUser(user.id)) };
  }

  async complete(
    req: Requester,
    res: Response,
    current: { session: BrowserSession; user: User },
    answer: unknown,
    nameField: unknown,
  ): Promise<PasskeyEnrolmentOutcome> {
    const { user } = current;
    const name = passkeyName(nameField);
    if (name === null) return { ok: false, problem: 'passkey-name' };
    const first = (await this.store.countOf(user.id)) === 0;
    const outcome = await this.registration.register(req, user, answer, name);
    if (!outcome.ok) return { ok: false, problem: `passkey-${outcome.problem}` };
    // The first passkey steps this session up at once, so a sign-in that asked for a factor to be set up goes on.
    if (first) await this.sessions.addFactor(req, res, current.session, [...PASSKEY_AMR]);
    const recoveryCodes = await this.recoveryCodes.afterEnrolment(user.id);
    if (recoveryCodes)
      await this.audit.record(
        ownFactorEvent(req, user.id, AuditEventType.FactorEnrolled, {
          method: RECOVERY_CODE_METHOD,
          count: RECOVERY_CODE_COUNT,
        }),
      );
    await this.notice.send(user, 'added', name);
    return { ok: true, recoveryCodes };
  }
}
