import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { JwtAssertionVerifier } from '../../trusted-issuers/jwt-assertion.verifier';
import type { TrustedIssuer } from '../../trusted-issuers/trusted-issuer.entity';
import type { TokenRequestParams } from '../endpoint/token-request-params';
import { TOKEN_PATH } from '../endpoint/token-request.pipeline';
import { AuthorizationGrantService } from '../authorization-grants/authorization-grant.service';
import { TokenIssuer } from '../issuing/token-issuer';
import { TokenLifetimes } from '../issuing/token-lifetimes';
import { ResourcePolicy } from '../resources/resource-policy';
import type { TokenResponse } from '../issuing/token-response';
import type { GrantHandler, TokenRequestContext } from './grant-handler';

// RFC 7523 §3.1 advises against refresh tokens here: a new assertion is how access is renewed.
const NOT_GRANTED = 'offline_access';

/**
 * RFC 7523 §2.1: a JWT from a trusted issuer (see TrustedIssuersModule) is the grant. It yields
 * an access token for the user its subject maps to; no refresh token and no ID token (the user
 * did not sign in here). Each assertion opens a grant of its own that ends with its access token,
 * so the usual revocation (user disabled, grants revoked by an admin) reaches the token.
 */
@Injectable()
export class JwtBearerGrant implements GrantHandler {
  static readonly declaration: GrantTypeDeclaration = {
    grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    label: 'JWT bearer',
    help: 'A signed assertion from a trusted issuer buys a token (RFC 7523).',
    needsRedirectUris: false,
    confidentialOnly: false,
    // Trusted issuers are an operator's to configure.
    registrable: false,
    yieldsRefreshTokens: false,
    responseTypes: [],
  };
  readonly grantType = JwtBearerGrant.declaration.grantType;
  readonly parameters = ['assertion', 'scope', 'resource'];
  private readonly audience: string[];

  constructor(
    private readonly assertions: JwtAssertionVerifier,
    private readonly grants: AuthorizationGrantService,
    private readonly tokens: TokenIssuer,
    private readonly lifetimes: TokenLifetimes,
    private readonly resources: ResourcePolicy,
    config: AppConfig,
  ) {
    // RFC 7523 §3 item 3: the token endpoint URL identifies this server; the issuer does too.
    this.audience = [`${config.issuer}${TOKEN_PATH}`, config.issuer];
  }

  async handle(params: TokenRequestParams, client: Client, ctx: TokenRequestContext): Promise<TokenResponse> {
    const { issuer, user } = await this.assertions.verify(params.require('assertion'), client.clientId, this.audience);
    const scope = await this.resources.scopeFor(params.resources, assertionScope(params.scope, client, issuer));
    const grant = await this.grants.create({
      clientId: client.clientId,
      userId: user.id,
      scope,
      resources: params.resources,
      expiresAt: new Date(Date.now() + this.lifetimes.accessToken(client) * 1000),
    });
    return this.tokens.issue({ client, scope, grant, user, dpopJkt: ctx.dpopJkt });
  }
}

/**
 * The requested scope (already within the client's allowed scopes) must also be within the
 * issuer's; without a request, the client's default scopes that the issuer allows.
 */
function assertionScope(requested: string[] | undefined, client: Client, issuer: TrustedIssuer): string[] {
  if (requested) {
    const beyond = requested.filter((s) => !issuer.allowedScopes.includes(s));
    if (beyond.length > 0)
      throw OAuthErrors.invalidScope(`scope not allowed for assertions of this issuer: ${beyond.join(' ')}`);
    return requested.filter((s) => s !== NOT_GRANTED);
  }
  return client.defaultScopes.filter((s) => issuer.allowedScopes.includes(s) && s !== NOT_GRANTED);
}
