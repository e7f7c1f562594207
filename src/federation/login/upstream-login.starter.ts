import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import * as oidc from 'openid-client';
import { InteractionEngine } from '../../interaction/engine/interaction-engine';
import type { PendingInteraction } from '../../interaction/pending-interaction';
import { AppConfig } from '../../config/app-config';
import { UpstreamProvidersService } from '../providers/upstream-providers.service';
import { type DownstreamRequest, upstreamAuthorizationParameters } from '../rp/upstream-authorization-parameters';
import { UpstreamConfigurations } from '../rp/upstream-configurations';
import { callbackUrl } from './callback-url';
import type { UpstreamLoginFailureReason } from './upstream-login-failure';
import { upstreamLoginFailureMessage } from './upstream-login-failure-message';
import { UpstreamLoginCookie } from './upstream-login-cookie';
import { UpstreamLoginStore } from './upstream-login.store';

/**
 * "Continue with <provider>" on the login page: sends the browser to the provider's
 * authorization endpoint, remembering (in Postgres, bound to this browser) what its answer must
 * match. When the provider cannot be used, the login page says so instead.
 */
@Injectable()
export class UpstreamLoginStarter {
  private readonly logger = new Logger('Federation');

  constructor(
    private readonly providers: UpstreamProvidersService,
    private readonly configurations: UpstreamConfigurations,
    private readonly logins: UpstreamLoginStore,
    private readonly cookie: UpstreamLoginCookie,
    private readonly engine: InteractionEngine,
    private readonly config: AppConfig,
  ) {}

  async start(res: Response, interaction: PendingInteraction<DownstreamRequest>, providerId: string): Promise<void> {
    const provider = await this.providers.findEnabled(providerId);
    if (!provider) return this.backToLogin(res, interaction, 'provider_unavailable');
    let configuration: oidc.Configuration;
    try {
      configuration = await this.configurations.for(provider);
    } catch (error) {
      this.logger.warn({ provider: provider.id, cause: (error as Error).message }, 'upstream discovery failed');
      return this.backToLogin(res, interaction, 'unreachable', provider.displayName);
    }
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await this.logins.save(state, { interactionId: interaction.id, providerId: provider.id, nonce, codeVerifier });
    this.cookie.set(res, state);
    const parameters = upstreamAuthorizationParameters(
      provider.scopes,
      callbackUrl(this.config.issuer),
      { state, nonce, codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier) },
      interaction.request,
    );
    res.redirect(303, oidc.buildAuthorizationUrl(configuration, parameters).href);
  }

  private backToLogin(
    res: Response,
    interaction: PendingInteraction,
    reason: UpstreamLoginFailureReason,
    providerName?: string,
  ): Promise<void> {
    const { status, message } = upstreamLoginFailureMessage(reason, providerName);
    return this.engine.showSignIn(res, interaction, { status, error: message });
  }
}
