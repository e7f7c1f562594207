import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { canSatisfyAcr } from '../../authenticators/acr';
import { ClientsService } from '../../clients/clients.service';
import { SubjectIdentifiers } from '../../clients/subject-identifiers';
import { OAuthError, OAuthErrors } from '../../common/errors/oauth-error';
import { AuthorizationConfig } from '../../config/authorization.config';
import type { PushedParameters } from '../par/pushed-request.store';
import { RequestSource, type RequestChannel } from '../request-object/request-source';
import { parseScope } from '../../token/scope/scope-parameter';
import { ScopePolicy } from '../../token/scope/scope-policy';
import { ResourcePolicy } from '../../token/resources/resource-policy';
import { ScopesService } from '../../scopes/scopes.service';
import { IdTokenHintVerifier } from '../logout/id-token-hint';
import { essentialAcrValues, withAcrValues } from './acr-request';
import type { AuthorizationRequest, ResponseMode } from './authorization-request';
import { parseClaimsParameter, type ClaimsParameter } from './claims-parameter';
import { claimsToGrant } from './claims-to-grant';
import { checkDpopJkt } from './dpop-jkt-parameter';
import { checkPkce } from './pkce-parameters';
import { parsePrompt } from './prompt';
import { RequestParameters } from './request-parameters';
import { RESPONSE_MODES, responseModeFor } from './response-mode';
import { GrantRegistry } from '../../token/grants/grant.registry';
import { parseResponseType, returnsCode, returnsIdToken, type ResponseType } from './response-type';

const MAX_NONCE_LENGTH = 512;

export interface ValidatedAuthorizationRequest {
  client: Client;
  request: AuthorizationRequest;
  /** The parameters the request was validated from (a request object's, if one was sent): what PAR keeps. */
  resolved: PushedParameters;
}

/**
 * Validates an authorization request (RFC 6749 §4.1.1 and §4.2.1, OIDC Core §3.1.2.1-2,
 * §3.2.2.1 and §3.3.2.1, RFC 7636 §4.3): the code, implicit and hybrid flows.
 */
@Injectable()
export class AuthorizationRequestValidator {
  constructor(
    private readonly clients: ClientsService,
    private readonly scopes: ScopePolicy,
    private readonly scopeCatalogue: ScopesService,
    private readonly hints: IdTokenHintVerifier,
    private readonly subjects: SubjectIdentifiers,
    private readonly grants: GrantRegistry,
    private readonly source: RequestSource,
    private readonly config: AuthorizationConfig,
    private readonly resources: ResourcePolicy,
  ) {}

  /**
   * Throws OAuthError. RFC 6749 §4.1.2.1: until the client and redirect_uri are verified the
   * error is shown to the user and never redirected (open redirector); every later error
   * carries its redirect back to the RP.
   */
  async validate(source: unknown, channel: RequestChannel = 'authorize'): Promise<ValidatedAuthorizationRequest> {
    const sent = new RequestParameters(source);
    const client = await this.verifiedClient(sent);
    // A request_uri or request object is resolved before its redirect_uri can be trusted: its
    // errors (invalid_request_uri, invalid_request_object) are shown, never redirected.
    const { params, pushed, fromRequestObject, pushedRequest } = await this.source.resolve(client, sent, channel);
    const redirectUri = this.verifiedRedirectUri(client, params);
    const responseMode = responseModeFor(params.get('response_mode'), parseResponseType(params.get('response_type')));
    try {
      this.assertRequiredForm(client, pushed, fromRequestObject);
      const request = await this.checkedRequest(client, redirectUri, responseMode, params);
      if (pushedRequest !== undefined) request.pushedRequest = pushedRequest;
      return { client, request, resolved: { parameters: params.toRecord(), fromRequestObject } };
    } catch (error) {
      if (error instanceof OAuthError)
        throw error.redirectTo({
          redirectUri,
          state: params.get('state'),
          responseMode,
          viaPage: !client.adminApproved,
        });
      throw error;
    }
  }

  /**
   * RFC 9126 §6 require_pushed_authorization_requests (the client's, the server's, or the FAPI
   * 2.0 profile's, §5.3.2.2), RFC 9101 §10.5 require_signed_request_object: invalid_request.
   */
  private assertRequiredForm(client: Client, pushed: boolean, fromRequestObject: boolean): void {
    if (
      !pushed &&
      (client.requirePushedAuthorizationRequests ||
        client.fapi2SecurityProfile ||
        this.config.requirePushedAuthorizationRequests)
    )
      throw OAuthErrors.invalidRequest('this client must push its authorization requests to the PAR endpoint first');
    if (!fromRequestObject && client.requireSignedRequestObject)
      throw OAuthErrors.invalidRequest('this client must send its authorization requests as a signed request object');
  }

  private async verifiedClient(params: RequestParameters): Promise<Client> {
    if (params.isMalformed('client_id')) throw OAuthErrors.invalidRequest('client_id is given more than once');
    const clientId = params.get('client_id');
    if (clientId === undefined) throw OAuthErrors.invalidRequest('client_id is missing');
    const client = await this.clients.findById(clientId);
    if (!client) throw OAuthErrors.invalidClient('unknown client_id', { status: 400 });
    return client;
  }

  // OIDC Core §3.1.2.1 makes redirect_uri required; RFC 6749 §3.1.2.3 demands an exact match.
  private verifiedRedirectUri(client: Client, params: RequestParameters): string {
    if (params.isMalformed('redirect_uri')) throw OAuthErrors.invalidRequest('redirect_uri is given more than once');
    const redirectUri = params.get('redirect_uri');
    if (redirectUri === undefined) throw OAuthErrors.invalidRequest('redirect_uri is missing');
    if (!this.clients.isRedirectUriRegistered(client, redirectUri))
      throw OAuthErrors.invalidRequest('redirect_uri is not registered for this client');
    return redirectUri;
  }

  private async checkedRequest(
    client: Client,
    redirectUri: string,
    responseMode: ResponseMode,
    params: RequestParameters,
  ): Promise<AuthorizationRequest> {
    if (params.malformed.length > 0)
      throw OAuthErrors.invalidRequest(`parameters given more than once: ${params.malformed.join(', ')}`);
    const responseType = permittedResponseType(client, params.get('response_type'), this.grants);
    const mode = params.get('response_mode');
    if (mode !== undefined && mode !== responseMode)
      throw OAuthErrors.invalidRequest(
        RESPONSE_MODES.includes(mode as ResponseMode)
          ? `response_mode ${mode} cannot carry the tokens of response_type ${responseType}; use fragment or form_post`
          : `response_mode ${mode} is not supported`,
      );

    const maxAge = params.get('max_age');
    if (maxAge !== undefined && !/^\d{1,9}$/.test(maxAge))
      throw OAuthErrors.invalidRequest('max_age must be a whole number of seconds');
    const nonce = params.get('nonce');
    if (nonce !== undefined && nonce.length > MAX_NONCE_LENGTH)
      throw OAuthErrors.invalidRequest(`nonce must be at most ${MAX_NONCE_LENGTH} characters`);
    const claims = params.get('claims');
    const uiLocales = params.get('ui_locales');
    // RFC 8707 §2: each resource known and allowed to the client (invalid_target); the scope then
    // keeps no scope of another API resource.
    const resources = await this.resources.requestable(params.resources(), client);
    const scope = await this.resources.scopeFor(resources, await this.grantableScope(client, params.get('scope')));
    if (returnsIdToken(responseType)) {
      // OIDC Core §3.2.2.1 and §3.3.2.1: an ID Token is only for an OpenID Connect request, and
      // one sent through the browser must carry the RP's nonce against replay (§3.2.2.11, §3.3.2.11).
      if (!scope.includes('openid'))
        throw OAuthErrors.invalidRequest(`response_type ${responseType} needs the openid scope`);
      if (nonce === undefined) throw OAuthErrors.invalidRequest(`nonce is required for response_type ${responseType}`);
    }
    const { claims: grantableClaims, individualClaims } = await this.grantableClaims(
      client,
      scope,
      withAcrValues(
        claims === undefined ? undefined : parseClaimsParameter(claims),
        spaceSeparated(params.get('acr_values')),
      ),
    );
    const hint = params.get('id_token_hint');

    return {
      clientId: client.clientId,
      redirectUri,
      responseType,
      responseMode,
      scope,
      ...(resources.length > 0 ? { resources } : {}),
      ...optional('state', params.get('state')),
      ...optional('nonce', nonce),
      // RFC 7636 protects the code; without one (implicit) there is nothing for PKCE to bind.
      ...(returnsCode(responseType)
        ? checkPkce(client, params.get('code_challenge'), params.get('code_challenge_method'))
        : {}),
      prompt: parsePrompt(params.get('prompt')),
      ...optional('maxAge', maxAge === undefined ? undefined : Number(maxAge)),
      ...optional('loginHint', params.get('login_hint')),
      ...optional(
        'uiLocales',
        uiLocales?.split(' ').filter((l) => l !== ''),
      ),
      ...optional('claims', grantableClaims),
      ...(individualClaims.length > 0 ? { individualClaims } : {}),
      // OIDC Core §3.1.2.1: an ID Token this server issued, expired or not, naming the user wanted.
      ...optional('idTokenHintSub', hint === undefined ? undefined : await this.hintedSubject(hint, client)),
      ...optional('dpopJkt', checkDpopJkt(params.get('dpop_jkt'))),
    };
  }

  /**
   * The sub of a verified id_token_hint. It may come from another client, but only from one that
   * knows users by the same sub (OIDC Core §8): a sub of another sector cannot be matched.
   */
  private async hintedSubject(hint: string, client: Client): Promise<string> {
    const verified = await this.hints.verify(hint);
    if (!this.subjects.shareSubjects(verified.client, client))
      throw OAuthErrors.invalidRequest(
        'id_token_hint was issued to a client whose subject identifiers are not this client’s (pairwise, another sector)',
      );
    return verified.sub;
  }

  /**
   * OIDC Core §5.5.1.1: an Essential acr this server can never reach fails the request at once;
   * then the claims the client may not receive are dropped (see claimsToGrant).
   */
  private async grantableClaims(client: Client, scope: string[], claims: ClaimsParameter | undefined) {
    const essentialAcr = essentialAcrValues(claims);
    if (essentialAcr !== undefined && !canSatisfyAcr(essentialAcr))
      throw OAuthErrors.unmetAuthenticationRequirements(
        `no sign-in here reaches the essential acr ${essentialAcr.join(' or ')}`,
      );
    const [receivable, releasedByScope] = await Promise.all([
      this.scopeCatalogue.claimsFor(client.allowedScopes),
      this.scopeCatalogue.claimsFor(scope),
    ]);
    return claimsToGrant(claims, receivable, releasedByScope);
  }

  /**
   * RFC 6749 §3.3: the requested scope narrowed to the client's by the rule every endpoint
   * shares (ScopePolicy.grantable); no scope means the client's default scopes.
   */
  private async grantableScope(client: Client, value: string | undefined): Promise<string[]> {
    const requested = value === undefined ? [] : parseScope(value);
    if (requested.length === 0) {
      if (client.defaultScopes.length === 0) throw OAuthErrors.invalidScope('no scope requested and none by default');
      return [...client.defaultScopes];
    }
    return this.scopes.grantable(requested, client);
  }
}

/**
 * RFC 6749 §4.1.2.1 and §4.2.2.1: a response type not understood, or not enabled (those with an
 * access token need IMPLICIT_ACCESS_TOKENS), is unsupported_response_type; one the client is not
 * registered for (its response_types, compared word order aside, and the grant types that go
 * with it, as the grants declare) is unauthorized_client.
 */
function permittedResponseType(client: Client, value: string | undefined, grants: GrantRegistry): ResponseType {
  if (value === undefined) throw OAuthErrors.invalidRequest('response_type is missing');
  const type = parseResponseType(value);
  if (type === undefined || !grants.responseTypes().includes(type))
    throw OAuthErrors.unsupportedResponseType(`response_type ${value} is not supported`);
  if (!client.responseTypes.some((registered) => parseResponseType(registered) === type))
    throw OAuthErrors.unauthorizedClient(`this client is not registered for response_type ${type}`);
  const missing = grants.grantTypesFor(type).filter((g) => !client.grantTypes.includes(g));
  if (missing.length > 0)
    throw OAuthErrors.unauthorizedClient(
      `response_type ${type} needs grant_types ${missing.join(' and ')}, which this client is not registered for`,
    );
  return type;
}

const spaceSeparated = (value: string | undefined) => value?.split(' ').filter((v) => v !== '') ?? [];

/** `{ [key]: value }` when there is a value, so absent parameters stay absent in the stored JSON. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
