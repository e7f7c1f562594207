import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import { OAuthErrors } from '../../common/errors/oauth-error';
import type { TokenRequestParams } from '../endpoint/token-request-params';
import { TokenIssuer } from '../issuing/token-issuer';
import type { TokenResponse } from '../issuing/token-response';
import { ResourcePolicy } from '../resources/resource-policy';
import { ScopePolicy } from '../scope/scope-policy';
import type { GrantHandler, TokenRequestContext } from './grant-handler';

/**
 * RFC 6749 §4.4: the client acts for itself. No user, so no grant row, no refresh token
 * (§4.4.3) and no ID token; the hot path is the cached client and scopes plus one INSERT.
 */
@Injectable()
export class ClientCredentialsGrant implements GrantHandler {
  static readonly declaration: GrantTypeDeclaration = {
    grantType: 'client_credentials',
    label: 'Client credentials',
    help: 'The application acts for itself, with no user (service to service). Confidential clients only.',
    needsRedirectUris: false,
    confidentialOnly: true,
    registrable: true,
    yieldsRefreshTokens: false,
    responseTypes: [],
  };
  readonly grantType = ClientCredentialsGrant.declaration.grantType;
  readonly parameters = ['scope', 'resource'];

  constructor(
    private readonly scopes: ScopePolicy,
    private readonly tokens: TokenIssuer,
    private readonly resources: ResourcePolicy,
  ) {}

  async handle(params: TokenRequestParams, client: Client, ctx: TokenRequestContext): Promise<TokenResponse> {
    // RFC 6749 §4.4: confidential clients only.
    if (client.isPublic) throw OAuthErrors.unauthorizedClient('public clients cannot use the client_credentials grant');
    const userScopes = await this.scopes.userScopes();
    if (params.scope) {
      const forUsers = params.scope.filter((s) => userScopes.has(s));
      if (forUsers.length > 0)
        throw OAuthErrors.invalidScope(
          `scope needs a signed-in user, which client_credentials has not: ${forUsers.join(' ')}`,
        );
    }
    const scope =
      params.scope ?? (await this.resources.defaultClientScope(params.resources, client, (s) => !userScopes.has(s)));
    return this.tokens.issue({ client, scope, resources: params.resources, dpopJkt: ctx.dpopJkt });
  }
}
