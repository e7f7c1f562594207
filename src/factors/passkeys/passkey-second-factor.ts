import { Injectable, type OnModuleInit } from '@nestjs/common';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { Request, Response } from 'express';
import { PHISHING_RESISTANT_ACR } from '../../authenticators/acr';
import { allowSameOriginScripts } from '../../common/http/same-origin-scripts';
import type { SecondFactorMethod, SecondFactorResult } from '../second-factor/second-factor-method';
import { SecondFactorMethods } from '../second-factor/second-factor-methods';
import { PasskeyStore } from './passkey.store';
import { PASSKEY_AMR } from './passkey-amr';
import { PasskeyAssertions } from './passkey-assertions';
import { CHALLENGE_TTL_SECONDS, PasskeyChallenges } from './passkey-challenges';
import { passkeyRefusal } from './passkey-refusals';
import { PASSKEY_FIELD } from './passkey-sign-in';
import { RelyingParty } from './relying-party';

/**
 * A passkey as the second factor after a password (views/partials/second-factor/passkey.hbs):
 * one of the signed-in user's own passkeys (allowCredentials), user verification preferred
 * (the password is the other factor). The only method that reaches acr "3".
 */
@Injectable()
export class PasskeySecondFactor implements SecondFactorMethod, OnModuleInit {
  readonly name = 'passkey';
  readonly reaches = PHISHING_RESISTANT_ACR;
  readonly enrolledSql = PasskeyStore.anySql;

  constructor(
    private readonly methods: SecondFactorMethods,
    private readonly store: PasskeyStore,
    private readonly assertions: PasskeyAssertions,
    private readonly challenges: PasskeyChallenges,
    private readonly rp: RelyingParty,
  ) {}

  onModuleInit(): void {
    this.methods.register(this);
  }

  isEnrolled(userId: string): Promise<boolean> {
    return this.store.any(userId);
  }

  async pageData(req: Request, userId: string): Promise<Record<string, unknown>> {
    // The page's policy allows no script otherwise; the partial's are this server's files.
    allowSameOriginScripts(req.res as Response);
    const passkeys = await this.store.ofUser(userId);
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      challenge: new Uint8Array(Buffer.from(this.challenges.issue('second-factor', userId), 'base64url')),
      allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports })),
      userVerification: 'preferred',
      timeout: CHALLENGE_TTL_SECONDS * 1000,
    });
    return { options: JSON.stringify(options) };
  }

  async verify(req: Request, userId: string): Promise<SecondFactorResult> {
    const field = (req.body as Record<string, unknown>)[PASSKEY_FIELD];
    const outcome = await this.assertions.verify(field, { purpose: 'second-factor', userId, userVerification: false });
    // A refusal is audited by SecondFactorProof, which shows the page again with the message.
    return outcome.ok ? { ok: true, amr: [...PASSKEY_AMR] } : { ok: false, ...passkeyRefusal(outcome.reason) };
  }

  removeAll(userId: string): Promise<number> {
    return this.store.removeAll(userId);
  }
}
