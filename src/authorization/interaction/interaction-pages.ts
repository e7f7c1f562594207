import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ClientsService } from '../../clients/clients.service';
import { OAuthError } from '../../common/errors/oauth-error';
import { ScopesService } from '../../scopes/scopes.service';
import { UsersService } from '../../users/users.service';
import { forgotPasswordUrl } from '../../account/account-paths';
import { MailService } from '../../mail/mail.service';
import { claimLabel } from '../consent/claim-labels';
import { consentClient } from '../consent/consent-client';
import { CsrfTokens } from '../csrf/csrf-tokens';
import type { BrowserSession } from '../entities/browser-session.entity';
import { LoginAlternatives } from '../login/login-alternatives';
import { namesUser } from '../request/expected-subject';
import { InteractionService } from './interaction.service';
import type { PendingInteraction } from './pending-interaction';

export interface LoginPageState {
  status?: number;
  /** Shown in an alert; never says whether the account exists. */
  error?: string;
  login?: string;
}

/** Renders the login and consent pages (views/login.hbs, views/consent.hbs). */
@Injectable()
export class InteractionPages {
  constructor(
    private readonly clients: ClientsService,
    private readonly scopes: ScopesService,
    private readonly users: UsersService,
    private readonly csrf: CsrfTokens,
    private readonly alternatives: LoginAlternatives,
    private readonly interactions: InteractionService,
    private readonly mail: MailService,
  ) {}

  async login(res: Response, interaction: PendingInteraction, state: LoginPageState = {}): Promise<void> {
    const [client, alternatives] = await Promise.all([this.clientOf(interaction), this.alternatives.for(interaction)]);
    // OIDC Core §3.1.2.1 ui_locales: the page's language (common/i18n/language-locals.ts).
    res.locals.uiLocales = interaction.request.uiLocales?.join(' ');
    res.status(state.status ?? 200).render('login', {
      title: 'Sign in',
      clientName: client.clientName,
      // The account named by id_token_hint or sub is not shown: whoever fetches this page (the RP
      // itself) would learn a username it was never granted. An RP that knows it sends login_hint.
      expectsAccount: namesUser(interaction.request),
      login: state.login ?? interaction.request.loginHint ?? '',
      error: state.error,
      csrf: this.csrf.forInteraction(interaction.id),
      // Explicit, for when the page answers another URL (a failed "Continue with" post).
      loginAction: this.interactions.pageUrl(interaction.id, 'login'),
      alternatives,
      // A reset link needs mail (production without SMTP_URL has none).
      forgotPasswordUrl: this.mail.enabled ? forgotPasswordUrl(`/interaction/${interaction.id}/login`) : undefined,
    });
  }

  async consent(res: Response, interaction: PendingInteraction, session: BrowserSession): Promise<void> {
    const { request } = interaction;
    const [client, user, scopes] = await Promise.all([
      this.clientOf(interaction),
      this.users.findById(session.userId),
      this.scopes.findByNames(request.scope),
    ]);
    const descriptions = new Map(scopes.map((s) => [s.name, s.description]));
    res.locals.uiLocales = request.uiLocales?.join(' ');
    res.locals.userLocale = user?.locale;
    res.render('consent', {
      title: 'Allow {client}?',
      ...consentClient(client),
      username: user?.username,
      scopes: request.scope.map((name) => ({ name, description: descriptions.get(name) ?? name })),
      // OIDC Core §5.5: claims asked for by name are consented to beside the scopes.
      claims: (request.individualClaims ?? []).map(claimLabel),
      csrf: this.csrf.forInteraction(interaction.id),
    });
  }

  private async clientOf(interaction: PendingInteraction) {
    const client = await this.clients.findById(interaction.request.clientId);
    if (!client) throw new OAuthError('invalid_request', 'The application you were signing in to no longer exists.');
    return client;
  }
}
