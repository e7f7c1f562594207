import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import type { User } from '../../users/user.entity';
import { FactorChangeProof } from '../account/factor-change-proof';
import { RecoveryCodeIssuer } from '../recovery-codes/recovery-code-issuer';
import { PasskeyStore } from './passkey.store';
import { PasskeyNotice } from './passkey-notice';
import type { PasskeyProblem } from './passkey-problems';
import { ownFactorEvent } from '../account/own-factor-event';

type Requester = Request & { id?: string };

/**
 * Removing one of the user's passkeys from the Sign-in methods page, once the user proves it is
 * them (FactorChangeProof, as for the authenticator app). The recovery codes go with the last
 * factor (RecoveryCodeIssuer.afterRemoval), and the owner is told by mail.
 */
@Injectable()
export class PasskeyRemoval {
  constructor(
    private readonly store: PasskeyStore,
    private readonly proof: FactorChangeProof,
    private readonly recoveryCodes: RecoveryCodeIssuer,
    private readonly notice: PasskeyNotice,
    private readonly audit: AuditService,
  ) {}

  async remove(req: Requester, user: User, id: string, proof: unknown): Promise<'removed' | PasskeyProblem> {
    const passkey = await this.store.ofUserById(user.id, id);
    if (!passkey) return 'passkey-unknown';
    const proved = await this.proof.check(req, user, proof, { method: 'passkey', to: 'remove' });
    if (proved !== 'proved') return proved === 'locked' ? 'passkey-locked' : 'passkey-proof';
    if (!(await this.store.remove(user.id, passkey.id))) return 'passkey-unknown';
    await this.audit.record(
      ownFactorEvent(req, user.id, AuditEventType.FactorRemoved, {
        method: 'passkey',
        passkey: passkey.id,
        name: passkey.name,
      }),
    );
    await this.recoveryCodes.afterRemoval(user.id);
    await this.notice.send(user, 'removed', passkey.name);
    return 'removed';
  }
}
