import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { destinationHost, renderContinuePage } from '../../common/http/continue-page';
import { AppConfig } from '../../config/app-config';
import { UsersService } from '../../users/users.service';
import { CsrfTokens } from '../../interaction/csrf/csrf-tokens';
import type { PendingInteraction } from '../../interaction/pending-interaction';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { FrontChannelLogout } from './front-channel-logout';
import { LOGOUT_CONFIRM_PATH } from './logout-paths';
import type { LogoutRequest } from './logout-request';
import type { PendingLogout } from './pending-logout';
import { postLogoutRedirect } from './post-logout-redirect';

/** The confirmation form's field naming the pending logout (its interaction) it answers. */
export const LOGOUT_INTERACTION_FIELD = 'interaction';

/** The logout pages (views/logout-confirm.hbs, logged-out.hbs, still-signed-in.hbs). */
@Injectable()
export class LogoutPages {
  private readonly serverName: string;

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly csrf: CsrfTokens,
    private readonly frontChannel: FrontChannelLogout,
  ) {
    this.serverName = new URL(config.issuer).host;
  }

  /** The question of §2, answered for the pending logout it names. */
  async confirm(
    res: Response,
    request: LogoutRequest,
    session: BrowserSession,
    pending: PendingInteraction<PendingLogout>,
  ): Promise<void> {
    const user = await this.users.findById(session.userId);
    res.locals.uiLocales = request.uiLocales;
    res.render('logout-confirm', {
      title: 'Sign out of {server}?',
      serverName: this.serverName,
      clientName: request.client?.clientName,
      // The host is what the user can judge the destination by (RFC 9700 §4.11.2).
      destinationHost: request.postLogoutRedirectUri && destinationHost(request.postLogoutRedirectUri),
      username: user?.username,
      action: `${this.config.issuer}${LOGOUT_CONFIRM_PATH}`,
      interaction: pending.id,
      csrf: this.csrf.forInteraction(pending.id),
    });
  }

  /** With the front-channel logout frames (OIDC Front-Channel Logout §4) and, if any, a link back to the RP. */
  signedOut(res: Response, request: LogoutRequest, frames: string[] = [], continueUrl?: string): void {
    this.frontChannel.allowFrames(res, frames, continueUrl !== undefined);
    res.locals.uiLocales = request.uiLocales;
    res.render('logged-out', {
      title: 'You are signed out',
      serverName: this.serverName,
      clientName: request.client?.clientName,
      frames,
      continueUrl,
      continueHost: continueUrl && destinationHost(continueUrl),
    });
  }

  /**
   * Signed out (or never signed in), and the RP asks to have the browser back, unproved (§3, see
   * mayRedirectUnasked): the user sees where it would go and chooses to continue.
   */
  signedOutContinue(res: Response, postLogoutRedirectUri: string, request: LogoutRequest, frames: string[] = []): void {
    this.frontChannel.allowFrames(res, frames);
    res.locals.uiLocales = request.uiLocales;
    renderContinuePage(res, {
      frames,
      status: 200,
      title: 'You are signed out',
      message: `You are signed out of ${this.serverName}.`,
      destination: { url: postLogoutRedirect(postLogoutRedirectUri, request.state) },
      reason: 'This server cannot confirm that the request to sign you out came from that application.',
    });
  }

  stillSignedIn(res: Response, request: LogoutRequest): void {
    res.locals.uiLocales = request.uiLocales;
    res.render('still-signed-in', {
      title: 'You are still signed in',
      serverName: this.serverName,
      clientName: request.client?.clientName,
    });
  }
}
