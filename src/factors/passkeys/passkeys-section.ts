import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { allowSameOriginScripts } from '../../common/http/same-origin-scripts';
import type { User } from '../../users/user.entity';
import { FactorChangeProof, type FactorChangeProofKind } from '../account/factor-change-proof';
import type { SecuritySection } from '../account/security-section';
import { SecuritySections } from '../account/security-sections';
import { PasskeyStore } from './passkey.store';
import { passkeyProblemMessage } from './passkey-problems';

const when = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');

/** The label of the proof field (a locales/ key); none: the user has nothing to prove it with. */
const PROOF_LABELS: Record<FactorChangeProofKind, string | undefined> = {
  password: 'Current password',
  'password-or-code': 'Current password, or a code from your authenticator app',
  code: 'Code from your authenticator app',
  none: undefined,
};

/**
 * The "Passkeys" part of the Sign-in methods page (views/partials/account-security/passkeys.hbs):
 * the user's passkeys (name, added, last used) with rename and remove, and "Add a passkey".
 * Adding and removing ask for the proof FactorChangeProof checks; the registration options
 * come only once it is given (passkey-enrolment.ts), never with this page.
 */
@Injectable()
export class PasskeysSection implements SecuritySection, OnModuleInit {
  readonly name = 'passkeys';

  constructor(
    private readonly sections: SecuritySections,
    private readonly store: PasskeyStore,
    private readonly proof: FactorChangeProof,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async data(req: Request, user: User): Promise<Record<string, unknown>> {
    // The page's policy allows no script otherwise; this section's are this server's files.
    allowSameOriginScripts(req.res as Response);
    const [passkeys, proof] = await Promise.all([this.store.ofUser(user.id), this.proof.kindFor(user)]);
    return {
      passkeys: passkeys.map((p) => ({
        id: p.id,
        name: p.name,
        created: when(p.createdAt),
        lastUsed: p.lastUsedAt ? when(p.lastUsedAt) : undefined,
        synced: p.deviceType === 'multiDevice',
      })),
      proofLabel: PROOF_LABELS[proof],
      problem: passkeyProblemMessage(req.query.problem),
    };
  }
}
