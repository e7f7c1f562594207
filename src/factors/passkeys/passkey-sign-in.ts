import { Injectable, type OnModuleInit } from '@nestjs/common';
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Request } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { type LoginMethod, type LoginMethodOutcome, LoginMethods } from '../../interaction/login/login-methods';
import { AccountSettingsService } from '../../users/settings/account-settings.service';
import { UsersService } from '../../users/users.service';
import { PASSWORDLESS_AMR } from './passkey-amr';
import { type AssertionRefusal, PasskeyAssertions } from './passkey-assertions';
import { CHALLENGE_TTL_SECONDS, PasskeyChallenges } from './passkey-challenges';
import { passkeyRefusal } from './passkey-refusals';
import { RelyingParty } from './relying-party';

/** The login page's form field carrying the assertion (views/login.hbs, public/passkey-sign-in.js). */
export const PASSKEY_FIELD = 'passkey';

/**
 * Signing in with a passkey alone, on the login page of every flow (a LoginMethod): a
 * discoverable credential (no account named first), user verification required, then the same
 * refusals as a password for an account that may not sign in.
 */
@Injectable()
export class PasskeySignIn implements LoginMethod, OnModuleInit {
  readonly field = PASSKEY_FIELD;

  constructor(
    private readonly methods: LoginMethods,
    private readonly assertions: PasskeyAssertions,
    private readonly challenges: PasskeyChallenges,
    private readonly rp: RelyingParty,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly settings: AccountSettingsService,
  ) {}

  onModuleInit(): void {
    this.methods.register(this);
  }

  /** For the login page's script: empty allowCredentials, so the browser offers every passkey it holds for this site. */
  options(): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const challenge = this.challenges.issue('sign-in', null);
    return generateAuthenticationOptions({
      rpID: this.rp.id,
      challenge: new Uint8Array(Buffer.from(challenge, 'base64url')),
      allowCredentials: [],
      userVerification: 'required',
      timeout: CHALLENGE_TTL_SECONDS * 1000,
    });
  }

  async authenticate(req: Request): Promise<LoginMethodOutcome> {
    const field = (req.body as Record<string, unknown>)[PASSKEY_FIELD];
    const outcome = await this.assertions.verify(field, { purpose: 'sign-in', userId: null, userVerification: true });
    if (!outcome.ok) return this.refuse(req, outcome.reason, null);
    const user = await this.users.findById(outcome.passkey.userId);
    if (!user || user.disabled) return this.refuse(req, 'disabled', outcome.passkey.userId);
    // As for a password (PasswordLoginService): the operator may ask for a verified address first.
    if (user.selfRegistered && !user.emailVerified && (await this.settings.get()).signupVerification === 'required')
      return this.refuse(req, 'unverified', user.id);
    return { ok: true, user, amr: [...PASSWORDLESS_AMR] };
  }

  private async refuse(req: Request, reason: AssertionRefusal | 'disabled' | 'unverified', userId: string | null) {
    await this.audit.record({
      actor: `ip:${req.ip}`,
      type: AuditEventType.LoginFailed,
      subject: userId,
      ip: req.ip ?? null,
      details: { method: 'passkey', reason },
    });
    return { ok: false as const, reason: 'refused' as const, ...passkeyRefusal(reason) };
  }
}
