import { Injectable } from '@nestjs/common';
import type { HotRequest } from '../../common/fast-path/hot-request';
import { ClientAuthenticator } from '../../clients/client-authenticator';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { DpopProofVerifier } from '../dpop/dpop-proof.verifier';
import { GrantRegistry } from '../grants/grant.registry';
import type { TokenResponse } from '../issuing/token-response';
import { readResourceParameter, RESOURCE_PARAMETER } from '../resources/resource-parameter';
import { ResourcePolicy } from '../resources/resource-policy';
import { parseScope } from '../scope/scope-parameter';
import { ScopePolicy } from '../scope/scope-policy';
import { readParameters, TokenRequestParams } from './token-request-params';

export const TOKEN_PATH = '/oauth2/token';

// RFC 6749 §4.1.3 et al. define the form encoding; JSON is accepted as a convenience.
const ACCEPTED_MEDIA_TYPES = ['application/x-www-form-urlencoded', 'application/json'];

/**
 * The steps every token request goes through, whatever its grant (after node-oidc-provider):
 * check the body, authenticate the client, read the parameters, find the grant, check the
 * client may use it, check the requested scope, then hand over to the grant.
 */
@Injectable()
export class TokenRequestPipeline {
  private readonly audience: string[];

  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly grants: GrantRegistry,
    private readonly scopes: ScopePolicy,
    private readonly metrics: MetricsService,
    private readonly dpop: DpopProofVerifier,
    private readonly resourcePolicy: ResourcePolicy,
    config: AppConfig,
  ) {
    // OIDC Core §9: a client assertion's aud may name the token endpoint or the issuer.
    this.audience = [`${config.issuer}${TOKEN_PATH}`, config.issuer];
  }

  async run(req: HotRequest): Promise<TokenResponse> {
    assertAcceptedMediaType(req);
    const client = await this.authenticator.authenticate(req, this.audience);
    const values = readParameters(req.body);
    const resources = readResourceParameter((req.body as Record<string, unknown>)[RESOURCE_PARAMETER]);
    // RFC 9449 §5: with a proof (or for a client that needs one), the tokens are bound to its key.
    const proof = await this.dpop.forTokenRequest(req, client, TOKEN_PATH);

    const grantType = values.get('grant_type');
    if (grantType === undefined) throw OAuthErrors.invalidRequest('grant_type is required');
    const handler = this.grants.get(grantType);
    if (!handler) throw OAuthErrors.unsupportedGrantType(`grant_type ${grantType} is not supported`);
    if (!client.grantTypes.includes(grantType))
      throw OAuthErrors.unauthorizedClient(`this client is not registered for the ${grantType} grant`);
    // RFC 8707 §2: resources this server cannot restrict tokens to are refused, not ignored.
    if (resources.length > 0 && !handler.parameters.includes(RESOURCE_PARAMETER))
      throw OAuthErrors.invalidTarget('resource indicators are not supported by this grant');
    if (!handler.checksResourcesItself) await this.resourcePolicy.requestable(resources, client);

    const scopeValue = handler.parameters.includes('scope') ? values.get('scope') : undefined;
    const parsed = scopeValue === undefined ? [] : parseScope(scopeValue);
    // RFC 6749 §3.1: a parameter without a value is omitted; a scope of only spaces has none.
    // Narrowed to what the client may ask for (ScopePolicy.grantable, the rule of every endpoint).
    const scope = parsed.length > 0 ? await this.scopes.grantable(parsed, client) : undefined;

    const used = new Map([...values].filter(([name]) => handler.parameters.includes(name)));
    const response = await handler.handle(new TokenRequestParams(grantType, scope, used, resources), client, {
      ip: req.ip ?? '',
      dpopJkt: proof?.jkt,
    });
    this.metrics.tokensIssued(grantType);
    return response;
  }
}

/** Also the introspection and revocation endpoints' (RFC 7662 §2.1, RFC 7009 §2.1: form-encoded). */
export function assertAcceptedMediaType(req: Pick<HotRequest, 'headers'>, what = 'token request'): void {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!ACCEPTED_MEDIA_TYPES.includes(mediaType))
    throw OAuthErrors.invalidRequest(`the ${what} must be application/x-www-form-urlencoded (or application/json)`);
}
