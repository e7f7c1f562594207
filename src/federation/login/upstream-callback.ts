import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import * as oidc from 'openid-client';
import { InteractionStore } from '../../interaction/store/interaction.store';
import type { DownstreamRequest } from '../rp/upstream-authorization-parameters';
import type { PendingInteraction } from '../../interaction/pending-interaction';
import { AppConfig } from '../../config/app-config';
import type { UpstreamProvider } from '../entities/upstream-provider.entity';
import { UpstreamProvidersService } from '../providers/upstream-providers.service';
import { UpstreamConfigurations } from '../rp/upstream-configurations';
import { upstreamFailureReason } from '../rp/upstream-failure-reason';
import { callbackUrl } from './callback-url';
import { UpstreamLoginFailure } from './upstream-login-failure';
import { UpstreamLoginCookie } from './upstream-login-cookie';
import { UpstreamLoginStore } from './upstream-login.store';

/** A sign-in the upstream provider vouched for, with the interaction it was for. */
export interface VerifiedUpstreamLogin {
  interaction: PendingInteraction<DownstreamRequest>;
  provider: UpstreamProvider;
  /** OIDC Core §2 `sub`: unique within the provider. */
  subject: string;
  /** The ID Token's claims over the userinfo response's. */
  claims: Record<string, unknown>;
}

// OIDC Core §2: sub is at most 255 ASCII characters.
const MAX_SUBJECT_LENGTH = 255;

/**
 * The provider's answer at /federation/callback: checked against the login this browser
 * started (state, by its cookie and the stored login, used once), then the code exchanged and
 * the ID Token validated by openid-client (signature, iss, aud, nonce, PKCE, RFC 9207 iss).
 */
@Injectable()
export class UpstreamCallback {
  private readonly logger = new Logger('Federation');

  constructor(
    private readonly cookie: UpstreamLoginCookie,
    private readonly logins: UpstreamLoginStore,
    private readonly interactions: InteractionStore,
    private readonly providers: UpstreamProvidersService,
    private readonly configurations: UpstreamConfigurations,
    private readonly config: AppConfig,
  ) {}

  async verify(req: Request, res: Response): Promise<VerifiedUpstreamLogin> {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    if (!this.cookie.take(req, res, state)) throw new UpstreamLoginFailure('unknown_state');
    const checks = await this.logins.take(state);
    if (!checks) throw new UpstreamLoginFailure('unknown_state');
    // Only the authorization endpoint's login page offers upstream providers: its interactions carry the request.
    const interaction = (await this.interactions.findActive(
      checks.interactionId,
      'authorization',
    )) as PendingInteraction<DownstreamRequest> | null;
    if (!interaction) throw new UpstreamLoginFailure('interaction_gone');
    const provider = await this.providers.findEnabled(checks.providerId);
    if (!provider) throw new UpstreamLoginFailure('provider_unavailable', interaction.id);
    try {
      const configuration = await this.configurations.for(provider);
      const tokens = await oidc.authorizationCodeGrant(configuration, this.currentUrl(req), {
        expectedState: state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
        maxAge: interaction.request.maxAge,
      });
      const idToken = tokens.claims()!;
      if (idToken.sub.length > MAX_SUBJECT_LENGTH) throw new Error('the upstream sub is longer than 255 characters');
      const userinfo = await this.userinfo(configuration, tokens.access_token, idToken.sub);
      return { interaction, provider, subject: idToken.sub, claims: { ...userinfo, ...idToken } };
    } catch (error) {
      const reason = upstreamFailureReason(error);
      // The message names the failed check; responses, codes and tokens stay out of the log.
      this.logger.warn({ provider: provider.id, reason, cause: (error as Error).message }, 'upstream sign-in failed');
      throw new UpstreamLoginFailure(reason, interaction.id, provider.displayName);
    }
  }

  /** OIDC Core §5.4: the profile claims come from userinfo when an access token was issued. */
  private async userinfo(
    configuration: oidc.Configuration,
    accessToken: string,
    subject: string,
  ): Promise<Record<string, unknown>> {
    if (!configuration.serverMetadata().userinfo_endpoint) return {};
    return oidc.fetchUserInfo(configuration, accessToken, subject);
  }

  /** The callback URL as the provider was told it (the issuer's, whatever proxy is in front), with its answer. */
  private currentUrl(req: Request): URL {
    const url = new URL(callbackUrl(this.config.issuer));
    const query = req.originalUrl.indexOf('?');
    if (query >= 0) url.search = req.originalUrl.slice(query);
    return url;
  }
}
