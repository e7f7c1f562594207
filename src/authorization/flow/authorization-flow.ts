import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Client } from '../../clients/client.entity';
import { ClientsService } from '../../clients/clients.service';
import { OAuthError, OAuthErrors } from '../../common/errors/oauth-error';
import { UsersService } from '../../users/users.service';
import { ConsentService } from '../consent/consent.service';
import type { BrowserSession } from '../entities/browser-session.entity';
import { InteractionService } from '../interaction/interaction.service';
import type { PendingInteraction } from '../interaction/pending-interaction';
import { meetsEssentialAcr } from '../request/acr-request';
import { type AuthorizationRequest, redirectTargetOf } from '../request/authorization-request';
import { AuthorizationRequestValidator } from '../request/authorization-request.validator';
import { isExpectedUser } from '../request/expected-subject';
import { SessionService } from '../session/session.service';
import { AuthorizationResponse } from './authorization-response';
import { type NextStep, nextStep } from './next-step';

/**
 * Moves an authorization request along: validated, then login and consent pages as needed,
 * then the response (a code, tokens, or both). Every step reads its state from Postgres, so
 * any replica serves any step.
 */
@Injectable()
export class AuthorizationFlow {
  constructor(
    private readonly validator: AuthorizationRequestValidator,
    private readonly sessions: SessionService,
    private readonly interactions: InteractionService,
    private readonly consents: ConsentService,
    private readonly users: UsersService,
    private readonly clients: ClientsService,
    private readonly response: AuthorizationResponse,
  ) {}

  /** GET and POST /oauth2/authorize. */
  async authorize(req: Request, res: Response, source: unknown): Promise<void> {
    const { client, request } = await this.validator.validate(source);
    const session = await this.signedInSession(req);
    const step = await this.stepFor(client, request, session, false);
    if (step === 'issue') return this.response.send(res, client, request, session!);
    // OIDC Core §3.1.2.6: with prompt=none no page may be shown.
    if (request.prompt.includes('none')) {
      const error =
        step === 'login'
          ? ((session && unmetBy(request, session)) ?? OAuthErrors.loginRequired('the user is not signed in'))
          : OAuthErrors.consentRequired('the user has not allowed this client');
      throw error.redirectTo(redirectTargetOf(request, client));
    }
    const interaction = await this.interactions.start(res, request, step === 'consent' ? session!.id : null);
    res.redirect(303, this.interactions.pageUrl(interaction.id, step));
  }

  /** After a successful login: that session is this request's sign-in; consent next, or the code. */
  async continueAfterLogin(res: Response, interaction: PendingInteraction, session: BrowserSession): Promise<void> {
    await this.interactions.attachSession(interaction, session.id);
    const client = await this.clientOf(interaction);
    const unmet = unmetBy(interaction.request, session);
    if (unmet) {
      await this.claim(res, interaction);
      throw unmet.redirectTo(redirectTargetOf(interaction.request, client));
    }
    const step = await this.stepFor(client, interaction.request, session, true);
    if (step === 'consent') return res.redirect(303, this.interactions.pageUrl(interaction.id, 'consent'));
    await this.finish(res, client, interaction, session);
  }

  /**
   * The session the consent step is for: the browser must still be signed in with the session
   * accepted for this request. Null when it is not (signed out, or as someone else meanwhile).
   */
  async sessionForConsent(req: Request, interaction: PendingInteraction): Promise<BrowserSession | null> {
    const session = await this.signedInSession(req);
    return session !== null && session.id === interaction.sessionId ? session : null;
  }

  /** The user's answer on the consent page. */
  async decideConsent(
    res: Response,
    interaction: PendingInteraction,
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
    if (client.consentPolicy === 'once')
      await this.consents.remember(session.userId, client.clientId, request.scope, request.individualClaims);
    await this.finish(res, client, interaction, session);
  }

  pageUrl(interaction: PendingInteraction, step: 'login' | 'consent'): string {
    return this.interactions.pageUrl(interaction.id, step);
  }

  /** The browser's session, if its user still exists and is enabled. */
  private async signedInSession(req: Request): Promise<BrowserSession | null> {
    const session = await this.sessions.current(req);
    if (!session) return null;
    const user = await this.users.findById(session.userId);
    return user && !user.disabled ? session : null;
  }

  private async stepFor(
    client: Client,
    request: AuthorizationRequest,
    session: BrowserSession | null,
    signedInHere: boolean,
  ): Promise<NextStep> {
    // A session of another user than the request names, or whose sign-in falls short of an
    // Essential acr, calls for signing in again (with prompt=none: login_required).
    if (session !== null && !signedInHere && unmetBy(request, session)) return 'login';
    const consentRemembered =
      session !== null &&
      client.consentPolicy === 'once' &&
      (await this.consents.covers(session.userId, client.clientId, request.scope, request.individualClaims));
    return nextStep({
      prompt: request.prompt,
      maxAge: request.maxAge,
      session,
      signedInHere,
      consentPolicy: client.consentPolicy,
      consentRemembered,
      now: new Date(),
    });
  }

  private async finish(
    res: Response,
    client: Client,
    interaction: PendingInteraction,
    session: BrowserSession,
  ): Promise<void> {
    await this.claim(res, interaction);
    await this.response.send(res, client, interaction.request, session);
  }

  private async claim(res: Response, interaction: PendingInteraction): Promise<void> {
    if (!(await this.interactions.complete(res, interaction)))
      throw new OAuthError('invalid_request', 'This sign-in request was already completed. Return to the application.');
  }

  private async clientOf(interaction: PendingInteraction): Promise<Client> {
    const client = await this.clients.findById(interaction.request.clientId);
    if (!client) throw new OAuthError('invalid_request', 'The application you were signing in to no longer exists.');
    return client;
  }
}

/**
 * What a sign-in leaves unmet: OIDC Core §3.1.2.1 (id_token_hint) and §5.5.1 (sub with a value)
 * name the user, and only that user may be answered for (else login_required, §3.1.2.6);
 * §5.5.1.1: an Essential acr not reached is a failed authentication.
 */
function unmetBy(request: AuthorizationRequest, session: BrowserSession): OAuthError | null {
  if (!isExpectedUser(request, session.userId))
    return OAuthErrors.loginRequired('the user signed in is not the one this request names');
  if (!meetsEssentialAcr(request.claims, session.amr))
    return OAuthErrors.unmetAuthenticationRequirements('the sign-in did not reach the essential acr requested');
  return null;
}
