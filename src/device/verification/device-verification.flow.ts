import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ConsentService } from '../../authorization/consent/consent.service';
import { CsrfTokens } from '../../authorization/csrf/csrf-tokens';
import type { BrowserSession } from '../../authorization/entities/browser-session.entity';
import { loginFailureMessage } from '../../authorization/login/login-failure-message';
import type { LoginOutcome } from '../../authorization/login/login.guard';
import { SessionService } from '../../authorization/session/session.service';
import type { Client } from '../../clients/client.entity';
import { ClientsService } from '../../clients/clients.service';
import { OAuthError } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { AuthorizationGrantService } from '../../token/authorization-grants/authorization-grant.service';
import { UsersService } from '../../users/users.service';
import { DEVICE_VERIFICATION_PATH } from '../device-paths';
import type { DeviceCode } from '../../token/device-codes/device-code.entity';
import { DeviceCodeStore } from '../../token/device-codes/device-code.store';
import { normaliseUserCode } from '../user-code';
import { consentCsrfSubject, DeviceBindings } from './device-binding';
import { DevicePages } from './device-pages';
import type { DeviceVerification } from './device-verification';
import { UserCodeThrottle } from './user-code-throttle';
import { codeNoLongerPending, formExpired } from './verification-errors';

const PASSWORD_AMR = ['pwd'];

/**
 * RFC 8628 §3.3: the user enters the code, signs in if needed, and allows or denies the device.
 * Sign-in follows the authorization endpoint's rules (the same pages, lockout and sessions).
 * The user is asked every time, whatever the client's consent policy or an earlier consent
 * (§5.4: a code can be phished, and verification_uri_complete makes one press enough to
 * approve an attacker's device otherwise); the answer is written to the device code, where the
 * device's next poll finds it. Every step reads its state from Postgres and a signed cookie,
 * so any replica serves any step.
 */
@Injectable()
export class DeviceVerificationFlow {
  private readonly pagesUrl: string;

  constructor(
    private readonly store: DeviceCodeStore,
    private readonly bindings: DeviceBindings,
    private readonly throttle: UserCodeThrottle,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
    private readonly clients: ClientsService,
    private readonly consents: ConsentService,
    private readonly grants: AuthorizationGrantService,
    private readonly csrf: CsrfTokens,
    private readonly pages: DevicePages,
    private readonly config: AppConfig,
  ) {
    this.pagesUrl = `${config.issuer}${DEVICE_VERIFICATION_PATH}`;
  }

  /** POST /oauth2/device: the code the user typed. Wrong codes count against the IP (§5.1). */
  async enterCode(req: Request, res: Response, typed: unknown): Promise<void> {
    const ip = req.ip ?? 'unknown';
    const locked = await this.throttle.lockedFor(ip);
    if (locked > 0) {
      const failure = loginFailureMessage({ ok: false, reason: 'locked', retryAfterSeconds: locked });
      res.setHeader('Retry-After', String(locked));
      return this.pages.enterCode(req, res, typed, { status: failure.status, error: failure.message });
    }
    const userCode = normaliseUserCode(typed);
    // Not the shape of a code: it cannot match one, so it is no guess and is not counted.
    if (!userCode)
      return this.pages.enterCode(req, res, typed, {
        status: 400,
        error: 'Enter the 8-letter code shown on your device.',
      });
    const code = await this.store.findPending(userCode);
    const client = code && (await this.clients.findById(code.clientId));
    if (!code || !client) {
      await this.throttle.recordWrongCode(ip);
      return this.pages.enterCode(req, res, typed, {
        status: 400,
        error: 'That code is not valid or has expired. Check the code on your device and try again.',
      });
    }
    // RFC 8628 §5.4: the user always confirms, on a page naming the client (see consentPage).
    const step = (await this.signedInSession(req)) ? 'consent' : 'login';
    this.bindings.bind(res, userCode, code.expiresAt);
    res.redirect(303, `${this.pagesUrl}/${step}`);
  }

  /** POST /oauth2/device/login, once LoginGuard has checked the password. */
  async login(
    req: Request,
    res: Response,
    verification: DeviceVerification,
    outcome: LoginOutcome,
    login: unknown,
  ): Promise<void> {
    if (!outcome.ok) {
      const failure = loginFailureMessage(outcome);
      if (failure.retryAfterSeconds) res.setHeader('Retry-After', String(failure.retryAfterSeconds));
      return this.pages.login(res, verification, {
        status: failure.status,
        error: failure.message,
        login: typeof login === 'string' ? login : undefined,
      });
    }
    await this.sessions.signIn(req, res, outcome.user.id, PASSWORD_AMR);
    res.redirect(303, `${this.pagesUrl}/consent`);
  }

  /** GET /oauth2/device/consent: the question, to a signed-in user. */
  async consentPage(req: Request, res: Response, verification: DeviceVerification): Promise<void> {
    const session = await this.signedInSession(req);
    if (!session) return res.redirect(303, `${this.pagesUrl}/login`);
    await this.pages.consent(res, verification, session);
  }

  /** POST /oauth2/device/consent: the user's answer. */
  async decide(
    req: Request,
    res: Response,
    verification: DeviceVerification,
    decision: unknown,
    csrfToken: unknown,
  ): Promise<void> {
    const session = await this.signedInSession(req);
    if (!session) return res.redirect(303, `${this.pagesUrl}/login`);
    if (!this.csrf.matches(consentCsrfSubject(verification.binding, session.id), csrfToken)) throw formExpired();
    if (decision !== 'allow' && decision !== 'deny') throw new OAuthError('invalid_request', 'Choose Allow or Deny.');
    const { code, client } = verification;
    if (decision === 'deny') return this.deny(res, code, client);
    if (client.consentPolicy === 'once') await this.consents.remember(session.userId, client.clientId, code.scope);
    await this.approve(res, code, client, session);
  }

  /** The grant the device's tokens will belong to, recorded on the device code for its next poll. */
  private async approve(res: Response, code: DeviceCode, client: Client, session: BrowserSession): Promise<void> {
    const grant = await this.grants.create({
      clientId: client.clientId,
      userId: session.userId,
      // The device does not share the browser's session: signing out there leaves the device signed in.
      sessionId: null,
      scope: code.scope,
      authTime: session.authTime,
      amr: session.amr,
      expiresAt: new Date(Date.now() + this.config.refreshTokenAbsoluteTtl * 1000),
    });
    const approved = await this.store.approve(code.deviceCodeHash, {
      userId: session.userId,
      sessionId: session.id,
      authTime: session.authTime,
      amr: session.amr,
      grantId: grant.id,
    });
    if (!approved) {
      // Answered in another tab, or expired meanwhile: the grant has no tokens and never will.
      await this.grants.revoke(grant.id, 'device_code_expired');
      throw codeNoLongerPending();
    }
    this.bindings.clear(res);
    this.pages.result(res, client, true);
  }

  private async deny(res: Response, code: DeviceCode, client: Client): Promise<void> {
    if (!(await this.store.deny(code.deviceCodeHash))) throw codeNoLongerPending();
    this.bindings.clear(res);
    this.pages.result(res, client, false);
  }

  /** The browser's session, if its user still exists and is enabled. */
  private async signedInSession(req: Request): Promise<BrowserSession | null> {
    const session = await this.sessions.current(req);
    if (!session) return null;
    const user = await this.users.findById(session.userId);
    return user && !user.disabled ? session : null;
  }
}
