import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { ClientsService } from '../../clients/clients.service';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { type IdTokenHint, IdTokenHintVerifier } from './id-token-hint';
import type { LogoutParameters } from './logout-parameters';
import type { LogoutRequest } from './logout-request';
import type { PendingLogout } from './pending-logout';

/**
 * Validates a logout request (OIDC RP-Initiated Logout 1.0 §2, §3). Every error is shown to the
 * user on an error page and never redirected: an unverified post_logout_redirect_uri would make
 * the endpoint an open redirector.
 */
@Injectable()
export class LogoutRequestValidator {
  constructor(
    private readonly hints: IdTokenHintVerifier,
    private readonly clients: ClientsService,
  ) {}

  async validate(params: LogoutParameters): Promise<LogoutRequest> {
    const hint = params.idTokenHint === undefined ? undefined : await this.hints.verify(params.idTokenHint);
    const client = await this.clientOf(params.clientId, hint);
    const uri = params.postLogoutRedirectUri;
    if (uri !== undefined) {
      // §3: the URI must have been registered by the client the request identifies.
      if (!client)
        throw OAuthErrors.invalidRequest(
          'post_logout_redirect_uri needs client_id or id_token_hint to say which application it belongs to',
        );
      if (!this.clients.isPostLogoutRedirectUriRegistered(client, uri))
        throw OAuthErrors.invalidRequest('post_logout_redirect_uri is not registered for this application');
    }
    return { client, hint, postLogoutRedirectUri: uri, state: params.state, uiLocales: params.uiLocales };
  }

  /**
   * A pending logout again, when the user answers: its client and post_logout_redirect_uri must
   * still be registered (an administrator may have changed them while the page was open).
   */
  async revalidate(pending: PendingLogout): Promise<LogoutRequest> {
    const client =
      pending.clientId === undefined ? undefined : ((await this.clients.findById(pending.clientId)) ?? undefined);
    if (pending.clientId !== undefined && !client)
      throw OAuthErrors.invalidRequest('client_id names no registered application');
    const uri = pending.postLogoutRedirectUri;
    if (uri !== undefined && !(client && this.clients.isPostLogoutRedirectUriRegistered(client, uri)))
      throw OAuthErrors.invalidRequest('post_logout_redirect_uri is not registered for this application');
    const hint = client && pending.hint ? { client, ...pending.hint } : undefined;
    return { client, hint, postLogoutRedirectUri: uri, state: pending.state, uiLocales: pending.uiLocales };
  }

  private async clientOf(clientId: string | undefined, hint: IdTokenHint | undefined): Promise<Client | undefined> {
    if (clientId === undefined) return hint?.client;
    // §2: when both are given, client_id must be the client the hint was issued to.
    if (hint) {
      if (hint.client.clientId !== clientId)
        throw OAuthErrors.invalidRequest('client_id is not the client id_token_hint was issued to');
      return hint.client;
    }
    const client = await this.clients.findById(clientId);
    if (!client) throw OAuthErrors.invalidRequest('client_id names no registered application');
    return client;
  }
}
