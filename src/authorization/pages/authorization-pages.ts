import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Client } from '../../clients/client.entity';
import { forgotPasswordUrl, signupUrl } from '../../account/account-paths';
import { SignupService } from '../../account/signup/signup.service';
import { ClientsService } from '../../clients/clients.service';
import { OAuthError } from '../../common/errors/oauth-error';
import { consentClient } from '../../interaction/consent/consent-client';
import { CsrfTokens } from '../../interaction/csrf/csrf-tokens';
import { LoginAlternatives } from '../../interaction/login/login-alternatives';
import type { LoginPageState } from '../../interaction/login/login-page-state';
import { ConsentPage } from '../../interaction/pages/consent-page';
import { renderLoginPage } from '../../interaction/pages/login-page';
import { MailService } from '../../mail/mail.service';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { InteractionStore } from '../../interaction/store/interaction.store';
import type { AuthorizationInteraction } from '../flow/authorization-interaction';
import { namesUser } from '../request/expected-subject';

/** The login and consent pages of an authorization request (/interaction/:id/login, /consent). */
@Injectable()
export class AuthorizationPages {
  constructor(
    private readonly clients: ClientsService,
    private readonly csrf: CsrfTokens,
    private readonly alternatives: LoginAlternatives,
    private readonly interactions: InteractionStore,
    private readonly consentPage: ConsentPage,
    private readonly mail: MailService,
    private readonly signup: SignupService,
  ) {}

  async login(res: Response, interaction: AuthorizationInteraction, state: LoginPageState = {}): Promise<void> {
    const [client, alternatives, signupEnabled] = await Promise.all([
      this.clientOf(interaction),
      this.alternatives.for(interaction),
      this.signup.enabled(),
    ]);
    const loginPath = `/interaction/${interaction.id}/login`;
    const view = {
      client: consentClient(client),
      // The account named by id_token_hint or sub is not shown: whoever fetches this page (the RP
      // itself) would learn a username it was never granted. An RP that knows it sends login_hint.
      expectsAccount: namesUser(interaction.request),
      loginHint: interaction.request.loginHint,
      csrf: this.csrf.forInteraction(interaction.id),
      action: this.interactions.pageUrl(interaction.id, 'login'),
      alternatives,
      // A reset link needs mail (production without SMTP_URL has none).
      forgotPassword: this.mail.enabled ? forgotPasswordUrl(loginPath) : undefined,
      signup: signupEnabled ? signupUrl(loginPath) : undefined,
    };
    // OIDC Core §3.1.2.1 ui_locales: the page's language (common/i18n/language-locals.ts).
    res.locals.uiLocales = interaction.request.uiLocales?.join(' ');
    renderLoginPage(res, view, state);
  }

  async consent(res: Response, interaction: AuthorizationInteraction, session: BrowserSession): Promise<void> {
    const { request } = interaction;
    await this.consentPage.render(res, {
      client: await this.clientOf(interaction),
      session,
      scope: request.scope,
      claims: request.individualClaims,
      language: { uiLocales: request.uiLocales },
      csrf: this.csrf.forInteraction(interaction.id),
    });
  }

  private async clientOf(interaction: AuthorizationInteraction): Promise<Client> {
    const client = await this.clients.findById(interaction.request.clientId);
    if (!client) throw new OAuthError('invalid_request', 'The application you were signing in to no longer exists.');
    return client;
  }
}
