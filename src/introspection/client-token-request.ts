import { Injectable } from '@nestjs/common';
import type { HotRequest } from '../common/fast-path/hot-request';
import { ClientAuthenticator } from '../clients/client-authenticator';
import type { Client } from '../clients/client.entity';
import { OAuthErrors } from '../common/errors/oauth-error';
import { AppConfig } from '../config/app-config';
import { readParameters } from '../token/endpoint/token-request-params';
import { assertAcceptedMediaType, TOKEN_PATH } from '../token/endpoint/token-request.pipeline';

/** An introspection or revocation request, its client authenticated. */
export interface ClientTokenRequest {
  client: Client;
  token: string;
  /** token_type_hint as sent (read, so that a repeated one is refused); both endpoints find the token by its shape. */
  tokenTypeHint: string | undefined;
}

/**
 * The steps introspection (RFC 7662 §2.1) and revocation (RFC 7009 §2.1) share with the token
 * endpoint: check the media type, authenticate the client, then read the parameters with the
 * same rules (each at most once, RFC 6749 §3.1); `token` is required.
 */
@Injectable()
export class ClientTokenRequestReader {
  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly config: AppConfig,
  ) {}

  async read(req: HotRequest, endpointPath: string): Promise<ClientTokenRequest> {
    // First, as at the token endpoint: without a parsed body there are no credentials to read.
    assertAcceptedMediaType(req, 'request');
    const client = await this.authenticator.authenticate(req, this.assertionAudience(endpointPath));
    const values = readParameters(req.body);
    const token = values.get('token');
    if (token === undefined) throw OAuthErrors.invalidRequest('token is required');
    return { client, token, tokenTypeHint: values.get('token_type_hint') };
  }

  /**
   * RFC 7523 §3: aud identifies the authorization server. Libraries send the issuer (RFC 7523
   * bis), the endpoint's URL, or the token endpoint's (OIDC Core §9) for every endpoint.
   */
  private assertionAudience(endpointPath: string): string[] {
    const { issuer } = this.config;
    return [`${issuer}${endpointPath}`, `${issuer}${TOKEN_PATH}`, issuer];
  }
}
