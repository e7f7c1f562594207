import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Client } from '../../clients/client.entity';
import { ClientsService } from '../../clients/clients.service';
import { OAuthError } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { TokenConfig } from '../../config/token.config';
import { ConsentService } from '../../interaction/consent/consent.service';
import { CsrfTokens } from '../../interaction/csrf/csrf-tokens';
import { formExpired } from '../../interaction/csrf/form-expired';
import { InteractionEngine } from '../../interaction/engine/interaction-engine';
import type { InteractionStep, StepPage, StepState } from '../../interaction/engine/interaction-step';
import { loginFailureMessage } from '../../interaction/login/login-failure-message';
import type { LoginOutcome } from '../../interaction/login/login.guard';
import { PasswordSignIn } from '../../interaction/login/password-sign-in';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { SessionService } from '../../interaction/session/session.service';
import { AuthorizationGrantService } from '../../token/authorization-grants/authorization-grant.service';
import { DEVICE_VERIFICATION_PATH } from '../device-paths';
import type { DeviceCode } from '../../token/device-codes/device-code.entity';
import { DeviceCodeStore } from '../../token/device-codes/device-code.store';
import { normaliseUserCode } from '../user-code';
import { consentCsrfSubject, DeviceBindings, stepCsrfSubject } from './device-binding';
import { DevicePages } from './device-pages';
import type { DeviceVerification } from './device-verification';
import { UserCodeThrottle } from './user-code-throttle';
import { codeNoLongerPending } from './verification-errors';

/**
 * RFC 8628 §3.3: the user enters the code, then goes through the interaction engine's steps:
 * sign in if needed (the authorization endpoint's rules: the same pages, lockout and sessions),
 * the registered steps, and consent. The user is asked every time, whatever the client's
 * consent policy or an earlier consent (§5.4: a code can be phished, and
 * verification_uri_complete makes one press enough to approve an attacker's device otherwise);
 * the answer is written to the device code, where the device's next poll finds it. Every step
 * reads its state from Postgres and a signed cookie, so any replica serves any step.
 */
@Injectable()
export class DeviceVerificationFlow {
  private readonly pagesUrl: string;

  constructor(
    private readonly store: DeviceCodeStore,
    private readonly bindings: DeviceBindings,
    private readonly throttle: UserCodeThrottle,
    private readonly sessions: SessionService,
    private readonly passwords: PasswordSignIn,
    private readonly engine: InteractionEngine,
    private readonly clients: ClientsService,
    private readonly consents: ConsentService,
    private readonly grants: AuthorizationGrantService,
    private readonly csrf: CsrfTokens,
    private readonly pages: DevicePages,
    private readonly config: AppConfig,
    private readonly tokenConfig: TokenConfig,
  ) {
    this.pagesUrl = `${config.issuer}${DEVICE_VERIFICATION_PATH}`;
  }

  /** POST /oauth2/device: the code the user typed. Wrong codes count against the IP (§5.1). */
  async enterCode(req: Request, res: Response, typed: unknown): Promise<void> {
    const ip = req.ip ?? 'unknown';
    if ((await this.throttle.lockedFor(ip)) > 0) return this.locked(req, res, typed, ip);
    const userCode = normaliseUserCode(typed);
    // Not the shape of a code: it cannot match one, so it is no guess and is not counted.
    if (!userCode)
      return this.pages.enterCode(req, res, typed, {
        status: 400,
        error: 'Enter the 8-letter code shown on your device.',
      });
    // Counted before it is looked up: a burst of guesses sent together gets the allowance only.
    if (!(await this.throttle.take(ip))) return this.locked(req, res, typed, ip);
    const code = await this.store.findPending(userCode);
    const client = code && (await this.clients.findById(code.clientId));
    if (!code || !client) {
      await this.throttle.wrong(ip);
      return this.pages.enterCode(req, res, typed, {
        status: 400,
        error: 'That code is not valid or has expired. Check the code on your device and try again.',
      });
    }
    await this.throttle.right(ip);
    const session = await this.sessions.signedIn(req);
    // A new entry is a new interaction: nothing of it is completed yet.
    const step = await this.engine.next(
      // RFC 8628 §5.4: the user always confirms, on a page naming the client (see consentPage).
      { signInDue: session === null, consentDue: true },
      session && { kind: 'device', clientId: client.clientId, session, completedSteps: [] },
    );
    this.bindings.bind(res, userCode, code.expiresAt);
    res.redirect(303, `${this.pagesUrl}/${step}`);
  }

  private async locked(req: Request, res: Response, typed: unknown, ip: string): Promise<void> {
    const seconds = Math.max(1, await this.throttle.lockedFor(ip));
    const failure = loginFailureMessage({ ok: false, reason: 'locked', retryAfterSeconds: seconds });
    res.setHeader('Retry-After', String(seconds));
    return this.pages.enterCode(req, res, typed, { status: failure.status, error: failure.message });
  }

  /** POST /oauth2/device/login, once LoginGuard has checked the password. */
  async login(
    req: Request,
    res: Response,
    verification: DeviceVerification,
    outcome: LoginOutcome,
    login: unknown,
  ): Promise<void> {
    const session = await this.passwords.complete(req, res, outcome, login, (state) =>
      this.pages.login(res, verification, state),
    );
    if (session) await this.goOn(res, verification, session);
  }

  /** GET /oauth2/device/consent: the question, to a signed-in user who has no step left before it. */
  async consentPage(req: Request, res: Response, verification: DeviceVerification): Promise<void> {
    const session = await this.sessions.signedIn(req);
    if (!session) return res.redirect(303, `${this.pagesUrl}/login`);
    const before = await this.engine.pendingStep(stateOf(verification, session));
    if (before) return res.redirect(303, `${this.pagesUrl}/${before.name}`);
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
    const session = await this.sessions.signedIn(req);
    if (!session) return res.redirect(303, `${this.pagesUrl}/login`);
    if (!this.csrf.matches(consentCsrfSubject(verification.binding, session.id), csrfToken)) throw formExpired();
    if (decision !== 'allow' && decision !== 'deny') throw new OAuthError('invalid_request', 'Choose Allow or Deny.');
    const before = await this.engine.pendingStep(stateOf(verification, session));
    if (before) return res.redirect(303, `${this.pagesUrl}/${before.name}`);
    const { code, client } = verification;
    if (decision === 'deny') return this.deny(res, code, client);
    await this.consents.granted(session.userId, client.clientId, code.scope, [], client.consentPolicy === 'once');
    await this.approve(res, code, client, session);
  }

  /** GET /oauth2/device/<step>: a registered step's page (InteractionStep). */
  async stepPage(req: Request, res: Response, verification: DeviceVerification, name: string): Promise<void> {
    const session = await this.sessions.signedIn(req);
    if (!session) return res.redirect(303, `${this.pagesUrl}/login`);
    const step = await this.dueStep(verification, session, name);
    if (!step) return this.goOn(res, verification, session);
    await step.show(res, this.stepPageOf(verification, session, step));
  }

  /** POST /oauth2/device/<step>: its form, with the step's own CSRF token. */
  async stepAnswer(
    req: Request,
    res: Response,
    verification: DeviceVerification,
    name: string,
    csrfToken: unknown,
  ): Promise<void> {
    const session = await this.sessions.signedIn(req);
    if (!session) return res.redirect(303, `${this.pagesUrl}/login`);
    if (!this.csrf.matches(stepCsrfSubject(verification.binding, session.id, name), csrfToken)) throw formExpired();
    const step = await this.dueStep(verification, session, name);
    if (!step) return this.goOn(res, verification, session);
    const page = this.stepPageOf(verification, session, step);
    const { interaction, code } = verification;
    if (await this.engine.submit(step, req, res, page, interaction, { expiresAt: code.expiresAt }))
      await this.goOn(res, verification, session);
  }

  /** Signed in: the next registered step, else consent (always asked here). */
  private async goOn(res: Response, verification: DeviceVerification, session: BrowserSession): Promise<void> {
    const step = await this.engine.next({ signInDue: false, consentDue: true }, stateOf(verification, session));
    res.redirect(303, `${this.pagesUrl}/${step}`);
  }

  private async dueStep(
    verification: DeviceVerification,
    session: BrowserSession,
    name: string,
  ): Promise<InteractionStep | null> {
    const due = await this.engine.pendingStep(stateOf(verification, session));
    return due?.name === name ? due : null;
  }

  private stepPageOf(verification: DeviceVerification, session: BrowserSession, step: InteractionStep): StepPage {
    return {
      ...stateOf(verification, session),
      action: `${this.pagesUrl}/${step.name}`,
      csrf: this.csrf.forInteraction(stepCsrfSubject(verification.binding, session.id, step.name)),
    };
  }

  /** The grant the device's tokens will belong to, recorded on the device code for its next poll. */
  private async approve(res: Response, code: DeviceCode, client: Client, session: BrowserSession): Promise<void> {
    const grant = await this.grants.create({
      clientId: client.clientId,
      userId: session.userId,
      // The device does not share the browser's session: signing out there leaves the device signed in.
      sessionId: null,
      scope: code.scope,
      resources: code.resources,
      authTime: session.authTime,
      amr: session.amr,
      expiresAt: new Date(Date.now() + this.tokenConfig.refreshTokenAbsoluteTtl * 1000),
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
}

const stateOf = ({ interaction }: DeviceVerification, session: BrowserSession): StepState => ({
  kind: interaction.kind,
  clientId: interaction.clientId,
  session,
  completedSteps: interaction.completedSteps,
});
