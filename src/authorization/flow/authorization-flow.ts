import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { signupUrl } from '../../account/account-paths';
import { SignupService } from '../../account/signup/signup.service';
import type { Client } from '../../clients/client.entity';
import { SubjectIdentifiers } from '../../clients/subject-identifiers';
import { ClientsService } from '../../clients/clients.service';
import { OAuthError, OAuthErrors } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { ConsentService } from '../../interaction/consent/consent.service';
import { InteractionEngine, type SignInFlow } from '../../interaction/engine/interaction-engine';
import { CONSENT_STEP, DONE, SIGN_IN_STEP, type StepState } from '../../interaction/engine/interaction-step';
import type { LoginPageState } from '../../interaction/login/login-page-state';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { SessionService } from '../../interaction/session/session.service';
import { InteractionStore } from '../../interaction/store/interaction.store';
import { AuthorizationPages } from '../pages/authorization-pages';
import { PushedRequestStore } from '../par/pushed-request.store';
import { meetsEssentialAcr, requestedAcr } from '../request/acr-request';
import { type AuthorizationRequest, redirectTargetOf } from '../request/authorization-request';
import { AuthorizationRequestValidator } from '../request/authorization-request.validator';
import { isExpectedUser } from '../request/expected-subject';
import type { AuthorizationInteraction } from './authorization-interaction';
import { AuthorizationResponse } from './authorization-response';
import { nextStep } from './next-step';

/**
 * Moves an authorization request along: validated, then the interaction's steps as the engine
 * orders them (login, registered steps, consent), then the response (a code, tokens, or both).
 * Every step reads its state from Postgres, so any replica serves any step.
 */
@Injectable()
export class AuthorizationFlow implements SignInFlow, OnModuleInit {
  readonly kind = 'authorization' as const;

  constructor(
    private readonly validator: AuthorizationRequestValidator,
    private readonly sessions: SessionService,
    private readonly interactions: InteractionStore,
    private readonly engine: InteractionEngine,
    private readonly consents: ConsentService,
    private readonly clients: ClientsService,
    private readonly subjects: SubjectIdentifiers,
    private readonly pages: AuthorizationPages,
    private readonly response: AuthorizationResponse,
    private readonly signup: SignupService,
    private readonly pushedRequests: PushedRequestStore,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Upstream providers' callbacks (src/federation) continue these interactions through the engine.
    this.engine.registerFlow(this);
  }

  /** GET and POST /oauth2/authorize. */
  async authorize(req: Request, res: Response, source: unknown): Promise<void> {
    const { client, request } = await this.validator.validate(source);
    const session = await this.sessions.signedIn(req);
    const step = await this.stepFor(client, request, session, false, []);
    if (step === DONE) {
      await this.useUpPushedRequest(request);
      return this.response.send(res, client, request, session!);
    }
    // OIDC Core §3.1.2.6: with prompt=none no page may be shown.
    if (request.prompt.includes('none')) {
      const error =
        step === SIGN_IN_STEP
          ? ((session && this.unmetBy(client, request, session)) ??
            OAuthErrors.loginRequired('the user is not signed in'))
          : session && !meetsEssentialAcr(request.claims, session.amr)
            ? OAuthErrors.unmetAuthenticationRequirements('the sign-in has not reached the essential acr requested')
            : step === CONSENT_STEP
              ? OAuthErrors.consentRequired('the user has not allowed this client')
              : OAuthErrors.interactionRequired('the user has a step to complete');
      await this.useUpPushedRequest(request);
      throw error.redirectTo(redirectTargetOf(request, client));
    }
    const interaction = await this.interactions.start(res, request, step === SIGN_IN_STEP ? null : session!.id);
    // prompt=create (Initiating User Registration via OpenID Connect): the sign-up page, coming
    // back to this request; where sign-up is off, the login page.
    if (step === SIGN_IN_STEP && request.prompt.includes('create') && (await this.signup.enabled()))
      return res.redirect(303, `${this.config.issuer}${signupUrl(`/interaction/${interaction.id}/login`)}`);
    res.redirect(303, this.interactions.pageUrl(interaction.id, step));
  }

  /** After a successful sign-in (password or upstream provider): that session is this request's sign-in. */
  async signedIn(res: Response, interaction: AuthorizationInteraction, session: BrowserSession): Promise<void> {
    const client = await this.clientOf(interaction);
    const unmet = this.unmetBy(client, interaction.request, session);
    if (unmet) {
      await this.claim(res, interaction);
      throw unmet.redirectTo(redirectTargetOf(interaction.request, client));
    }
    await this.proceed(res, client, interaction, session);
  }

  /** After a registered step is done: the next one, consent, or the response. */
  async stepDone(res: Response, interaction: AuthorizationInteraction, session: BrowserSession): Promise<void> {
    await this.proceed(res, await this.clientOf(interaction), interaction, session);
  }

  showSignIn(res: Response, interaction: AuthorizationInteraction, state: LoginPageState): Promise<void> {
    return this.pages.login(res, interaction, state);
  }

  /**
   * The session a step after sign-in (a registered step, consent) is for: the browser must still
   * be signed in with the session accepted for this request. Null when it is not (signed out,
   * or as someone else meanwhile).
   */
  async sessionForConsent(req: Request, interaction: AuthorizationInteraction): Promise<BrowserSession | null> {
    const session = await this.sessions.signedIn(req);
    return session !== null && session.id === interaction.sessionId ? session : null;
  }

  /** Where the browser goes instead of the consent page while a registered step is still due; null when none is. */
  async stepBeforeConsent(interaction: AuthorizationInteraction, session: BrowserSession): Promise<string | null> {
    const step = await this.engine.pendingStep(stateOf(interaction, session));
    return step && this.interactions.pageUrl(interaction.id, step.name);
  }

  /** The user's answer on the consent page. */
  async decideConsent(
    res: Response,
    interaction: AuthorizationInteraction,
    session: BrowserSession,
    allowed: boolean,
  ): Promise<void> {
    const { request } = interaction;
    const client = await this.clientOf(interaction);
    if (!allowed) {
      await this.claim(res, interaction);
      // RFC 6749 §4.1.2.1 access_denied.
      throw OAuthErrors.accessDenied('the user denied the request').redirectTo(redirectTargetOf(request, client));
    }
    await this.consents.granted(
      session.userId,
      client.clientId,
      request.scope,
      request.individualClaims ?? [],
      client.consentPolicy === 'once',
    );
    await this.finish(res, client, interaction, session);
  }

  pageUrl(interaction: AuthorizationInteraction, step: string): string {
    return this.interactions.pageUrl(interaction.id, step);
  }

  /** Signed in here: the engine's next step (a registered one, consent), or the response. */
  private async proceed(
    res: Response,
    client: Client,
    interaction: AuthorizationInteraction,
    session: BrowserSession,
  ): Promise<void> {
    const step = await this.stepFor(client, interaction.request, session, true, interaction.completedSteps);
    if (step === DONE) return this.finish(res, client, interaction, session);
    // The pages after sign-in accept only the session accepted for this request (sessionForConsent,
    // the registered steps). Kept only when a page follows: an interaction finished here is taken
    // out of the table instead (most sign-ins).
    if (interaction.sessionId !== session.id) await this.interactions.attachSession(interaction, session.id);
    res.redirect(303, this.interactions.pageUrl(interaction.id, step));
  }

  /** This flow's rules for sign-in and consent (OIDC Core §3.1.2.1), in the order the engine runs the steps. */
  private async stepFor(
    client: Client,
    request: AuthorizationRequest,
    session: BrowserSession | null,
    signedInHere: boolean,
    completedSteps: readonly string[],
  ): Promise<string> {
    // A session of another user than the request names calls for signing in again (with
    // prompt=none: login_required). One short of the acr asked for is stepped up in place by
    // the second-factor steps (src/factors), not signed in again.
    if (session !== null && !signedInHere && this.unmetBy(client, request, session)) return SIGN_IN_STEP;
    const consentRemembered =
      session !== null &&
      client.consentPolicy === 'once' &&
      (await this.consents.covers(session.userId, client.clientId, request.scope, request.individualClaims));
    const decided = nextStep({
      prompt: request.prompt,
      maxAge: request.maxAge,
      session,
      signedInHere,
      consentPolicy: client.consentPolicy,
      consentRemembered,
      now: new Date(),
    });
    return this.engine.next(
      { signInDue: decided === 'login', consentDue: decided === 'consent' },
      session && {
        kind: this.kind,
        clientId: client.clientId,
        session,
        completedSteps,
        ...requestedAcr(request.claims),
      },
    );
  }

  private async finish(
    res: Response,
    client: Client,
    interaction: AuthorizationInteraction,
    session: BrowserSession,
  ): Promise<void> {
    await this.claim(res, interaction);
    // §5.5.1.1: every step done and an Essential acr still not reached is a failed authentication.
    if (!meetsEssentialAcr(interaction.request.claims, session.amr))
      throw OAuthErrors.unmetAuthenticationRequirements(
        'the sign-in did not reach the essential acr requested',
      ).redirectTo(redirectTargetOf(interaction.request, client));
    await this.response.send(res, client, interaction.request, session);
  }

  private async claim(res: Response, interaction: AuthorizationInteraction): Promise<void> {
    if (!(await this.interactions.complete(res, interaction)))
      throw new OAuthError('invalid_request', 'This sign-in request was already completed. Return to the application.');
    await this.useUpPushedRequest(interaction.request);
  }

  /**
   * RFC 9126 §4: a request_uri serves one authorization. It is used up when the client is
   * answered, not at the first visit, so that a reload (or a mail scanner opening the link first)
   * does not spoil the sign-in; of two interactions started from it, the second to finish is refused.
   */
  private async useUpPushedRequest(request: AuthorizationRequest): Promise<void> {
    if (request.pushedRequest !== undefined && !(await this.pushedRequests.useUp(request.pushedRequest)))
      throw OAuthErrors.invalidRequestUri('the request_uri was already used for an authorization');
  }

  /** unmetBy, with the session's user named as the client knows them (OIDC Core §8). */
  private unmetBy(client: Client, request: AuthorizationRequest, session: BrowserSession): OAuthError | null {
    return unmetBy(request, session, this.subjects.of(client, session.userId));
  }

  private async clientOf(interaction: AuthorizationInteraction): Promise<Client> {
    const client = await this.clients.findById(interaction.request.clientId);
    if (!client) throw new OAuthError('invalid_request', 'The application you were signing in to no longer exists.');
    return client;
  }
}

const stateOf = (interaction: AuthorizationInteraction, session: BrowserSession): StepState => ({
  kind: interaction.kind,
  clientId: interaction.clientId,
  session,
  completedSteps: interaction.completedSteps,
  ...requestedAcr(interaction.request.claims),
});

/**
 * What a sign-in leaves unmet: OIDC Core §3.1.2.1 (id_token_hint) and §5.5.1 (sub with a value)
 * name the user, and only that user may be answered for (else login_required, §3.1.2.6).
 */
function unmetBy(request: AuthorizationRequest, session: BrowserSession, subject: string): OAuthError | null {
  if (!isExpectedUser(request, subject))
    return OAuthErrors.loginRequired('the user signed in is not the one this request names');
  return null;
}
