import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SubjectIdentifiers } from '../../clients/subject-identifiers';
import { OAuthError } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { CSRF_FIELD } from '../../interaction/csrf/csrf.guard';
import { CsrfTokens } from '../../interaction/csrf/csrf-tokens';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { SessionService } from '../../interaction/session/session.service';
import { FrontChannelLogout } from './front-channel-logout';
import { LOGOUT_INTERACTION_FIELD, LogoutPages } from './logout-pages';
import { logoutQuery, parseLogoutParameters } from './logout-parameters';
import { LOGOUT_PATH } from './logout-paths';
import type { LogoutRequest } from './logout-request';
import { LogoutRequestValidator } from './logout-request.validator';
import { LogoutRevocation } from './logout-revocation';
import { isHintForSession } from './logout-trust';
import { PendingLogouts } from './pending-logouts';
import { postLogoutRedirect } from './post-logout-redirect';

type Outcome = 'signed-out' | 'still-signed-in';

/**
 * OIDC RP-Initiated Logout 1.0: ends the browser's session at once when the RP proves it is
 * this session's (or there is none), asks the user otherwise, then sends the browser back to
 * the RP (§3) or shows where it stands. Between the question and the answer the validated request
 * waits as an interaction of the engine (PendingLogouts), so any replica serves the answer, once.
 */
@Injectable()
export class RpInitiatedLogout {
  constructor(
    private readonly validator: LogoutRequestValidator,
    private readonly sessions: SessionService,
    private readonly revocation: LogoutRevocation,
    private readonly pages: LogoutPages,
    private readonly csrf: CsrfTokens,
    private readonly config: AppConfig,
    private readonly frontChannel: FrontChannelLogout,
    private readonly pending: PendingLogouts,
    private readonly subjects: SubjectIdentifiers,
  ) {}

  /** GET /oauth2/logout (§2). */
  async logout(req: Request, res: Response, query: unknown): Promise<void> {
    const request = await this.validator.validate(parseLogoutParameters(query));
    await this.decide(req, res, request, await this.sessions.current(req));
  }

  /**
   * POST /oauth2/logout (§2, form-encoded). A form posted from the RP's site does not carry the
   * SameSite=Lax session cookie, so "no session" here may be wrong; the same request sent on as
   * a top-level GET does carry it.
   */
  async logoutFromForm(req: Request, res: Response, body: unknown): Promise<void> {
    const params = parseLogoutParameters(body);
    const request = await this.validator.validate(params);
    const session = await this.sessions.current(req);
    if (!session) return res.redirect(303, `${this.config.issuer}${LOGOUT_PATH}?${logoutQuery(params)}`);
    await this.decide(req, res, request, session);
  }

  /** POST /oauth2/logout/confirm: the user's answer on the confirmation page. */
  async confirm(req: Request, res: Response, body: unknown): Promise<void> {
    const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const decision = form.decision;
    if (decision !== 'yes' && decision !== 'no') throw new OAuthError('invalid_request', 'Choose whether to sign out.');
    const id = form[LOGOUT_INTERACTION_FIELD];
    if (typeof id !== 'string' || !this.csrf.matches(id, form[CSRF_FIELD])) throw formExpired();
    const pending = await this.pending.take(req, res, id);
    if (!pending)
      throw new OAuthError(
        'invalid_request',
        'This sign-out request has expired or was already answered. Go back to the application and sign out again.',
      );
    const request = await this.validator.revalidate(pending.request);
    const session = await this.sessions.current(req);
    // Signed out meanwhile (another tab): nothing is left to protect, or to keep.
    if (!session) return this.leave(res, request, 'signed-out', []);
    // Signed in again meanwhile: the question was about a session that is gone.
    if (session.id !== pending.sessionId) throw formExpired();
    if (decision === 'no') return this.leave(res, request, 'still-signed-in', []);
    this.leave(res, request, 'signed-out', await this.endSession(req, res));
  }

  private async decide(
    req: Request,
    res: Response,
    request: LogoutRequest,
    session: BrowserSession | null,
  ): Promise<void> {
    // §2: the OP MUST ask when there is no id_token_hint or it is not of the current session.
    if (session && !isHintForSession(request.hint, session, this.subjects))
      return this.pages.confirm(res, request, session, await this.pending.open(res, request, session));
    const frames = await this.endSession(req, res);
    const uri = request.postLogoutRedirectUri;
    if (uri !== undefined && !mayRedirectUnasked(request, session, this.subjects))
      return this.pages.signedOutContinue(res, uri, request, frames);
    this.leave(res, request, 'signed-out', frames);
  }

  /** Ends the browser's session; answers the front-channel logout frames of its clients. */
  private async endSession(req: Request, res: Response): Promise<string[]> {
    const ended = await this.sessions.end(req, res);
    if (!ended) return [];
    await this.revocation.afterSessionEnded(ended.id);
    return this.frontChannel.framesFor(ended.id);
  }

  /**
   * §3: back to the verified post_logout_redirect_uri with state, or a page saying where the user
   * stands. Only once the user has answered the confirmation page (which names the destination)
   * or mayRedirectUnasked allows it. With front-channel logout frames to load, the signed-out page
   * shows them and goes on once they have loaded (a redirect would leave before they load).
   */
  private leave(res: Response, request: LogoutRequest, outcome: Outcome, frames: string[]): void {
    const uri = request.postLogoutRedirectUri;
    if (uri !== undefined && frames.length === 0) return res.redirect(303, postLogoutRedirect(uri, request.state));
    if (outcome === 'signed-out')
      return this.pages.signedOut(res, request, frames, uri && postLogoutRedirect(uri, request.state));
    if (uri !== undefined) return res.redirect(303, postLogoutRedirect(uri, request.state));
    this.pages.stillSignedIn(res, request);
  }
}

/** A confirmation form that did not come from the page this browser was shown changes nothing. */
function formExpired(): OAuthError {
  return new OAuthError(
    'invalid_request',
    'This form has expired or did not come from this site. Go back to the application and sign out again.',
    { status: 403 },
  );
}

/**
 * §3: without an id_token_hint the OP must not redirect unless it can otherwise confirm the
 * target (RFC 9700 §4.11.2): a bare client_id is a public value. A hint proves the RP is the
 * one the user signed in to, but anyone can get one for a client they registered themselves,
 * so for a client no administrator approved it counts only when it is of the session that
 * just ended.
 */
export function mayRedirectUnasked(
  request: Pick<LogoutRequest, 'client' | 'hint'>,
  endedSession: Pick<BrowserSession, 'id' | 'userId'> | null,
  subjects: Pick<SubjectIdentifiers, 'isSubjectOf'>,
): boolean {
  if (!request.hint) return false;
  if (request.client?.adminApproved) return true;
  return endedSession !== null && isHintForSession(request.hint, endedSession, subjects);
}
