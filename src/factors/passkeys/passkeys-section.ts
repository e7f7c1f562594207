import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { allowSameOriginScripts } from '../../common/http/same-origin-scripts';
import type { User } from '../../users/user.entity';
import type { SecuritySection } from '../account/security-section';
import { SecuritySections } from '../account/security-sections';
import { PasskeyStore } from './passkey.store';
import { PasskeyRegistration } from './passkey-registration';
import { passkeyProblemMessage } from './passkey-problems';

const when = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');

/**
 * The "Passkeys" part of the Sign-in methods page (views/partials/account-security/passkeys.hbs):
 * the user's passkeys (name, added, last used) with rename and remove, and "Add a passkey",
 * whose options (a fresh challenge) the page carries for public/passkey-register.js.
 */
@Injectable()
export class PasskeysSection implements SecuritySection, OnModuleInit {
  readonly name = 'passkeys';

  constructor(
    private readonly sections: SecuritySections,
    private readonly store: PasskeyStore,
    private readonly registration: PasskeyRegistration,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  async data(req: Request, user: User): Promise<Record<string, unknown>> {
    // The page's policy allows no script otherwise; this section's are this server's files.
    allowSameOriginScripts(req.res as Response);
    const passkeys = await this.store.ofUser(user.id);
    const options = await this.registration.options(user, passkeys);
    return {
      passkeys: passkeys.map((p) => ({
        id: p.id,
        name: p.name,
        created: when(p.createdAt),
        lastUsed: p.lastUsedAt ? when(p.lastUsedAt) : undefined,
        synced: p.deviceType === 'multiDevice',
      })),
      options: JSON.stringify(options),
      problem: passkeyProblemMessage(req.query.problem),
    };
  }
}
