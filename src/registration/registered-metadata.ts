import { isIP } from 'node:net';
import { authenticatesWithAssertion } from '../clients/client-assertion-algs';
import type { JSONWebKeySet } from 'jose';
import type { ClientMetadataInput } from '../clients/client-input';
import type { ApplicationType, SubjectType, TokenEndpointAuthMethod } from '../clients/client.entity';
import { OAuthErrors } from '../common/errors/oauth-error';
import type { ClientRegistrationRequest } from './client-registration.request';
import {
  assertConsistentGrants,
  canonicalResponseType,
  registrableResponseTypes,
  type RegistrableResponseTypes,
} from './grant-types.rules';
import { grantTypesForResponseType } from '../token/grants/grant-types';
import { registrableRedirectUriProblem } from './registrable-redirect-uri';

const AUTH_METHODS: TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
];
/** Granted when an authorization request names no scope: openid, when the client may ask for it. */
export const DEFAULT_REGISTERED_SCOPES = ['openid'];

/** Client metadata as registered: every field set, so an update replaces the whole registration. */
export type RegisteredMetadata = Required<
  Pick<
    ClientMetadataInput,
    | 'clientName'
    | 'logoUri'
    | 'clientUri'
    | 'policyUri'
    | 'tosUri'
    | 'contacts'
    | 'softwareId'
    | 'softwareVersion'
    | 'redirectUris'
    | 'postLogoutRedirectUris'
    | 'backchannelLogoutUri'
    | 'backchannelLogoutSessionRequired'
    | 'frontchannelLogoutUri'
    | 'frontchannelLogoutSessionRequired'
    | 'grantTypes'
    | 'responseTypes'
    | 'allowedScopes'
    | 'defaultScopes'
    | 'tokenEndpointAuthMethod'
    | 'tokenEndpointAuthSigningAlg'
    | 'jwks'
    | 'jwksUri'
    | 'requirePushedAuthorizationRequests'
    | 'requireSignedRequestObject'
    | 'requestObjectSigningAlg'
    | 'requestUris'
    | 'userinfoSignedResponseAlg'
    | 'idTokenSignedResponseAlg'
    | 'dpopBoundAccessTokens'
    | 'requireMfa'
    | 'subjectType'
    | 'applicationType'
    | 'sectorIdentifierUri'
    | 'initiateLoginUri'
  >
>;

/** The operator's settings registration applies. */
export interface RegistrationDefaults extends RegistrableResponseTypes {
  /** RFC 7591 §2: the scopes registered when the request has no scope (REGISTRATION_DEFAULT_SCOPES). */
  scopesWhenOmitted: string[];
}

const unique = (values: string[]) => [...new Set(values)];

/**
 * The registration request with RFC 7591 §2 defaults applied and the rules of dynamic
 * registration checked. RFC 7592 §2.2: an update is read the same way, since omitted fields
 * are removed from the registration, i.e. fall back to their defaults.
 */
export function registeredMetadata(
  request: ClientRegistrationRequest,
  clientId: string,
  options: RegistrationDefaults,
): RegisteredMetadata {
  // RFC 7591 §2: client_secret_basic when omitted.
  const authMethod = request.token_endpoint_auth_method ?? 'client_secret_basic';
  if (!AUTH_METHODS.includes(authMethod as TokenEndpointAuthMethod))
    throw OAuthErrors.invalidClientMetadata(`token_endpoint_auth_method must be one of ${AUTH_METHODS.join(', ')}`);
  const tokenEndpointAuthMethod = authMethod as TokenEndpointAuthMethod;

  const redirectUris = registrableRedirectUris('redirect_uris', request.redirect_uris ?? []);
  const postLogoutRedirectUris = registrableRedirectUris(
    'post_logout_redirect_uris',
    request.post_logout_redirect_uris ?? [],
  );

  // OIDC Back-Channel Logout 1.0 §2.2, Front-Channel Logout 1.0 §2: the redirect URI rules (no
  // fragment; https, http on a loopback host), for web URLs: RPs such as mod_auth_openidc register
  // their own redirect URI. Logout tokens go through the guarded outbound client, which refuses
  // internal addresses (loopback included) unless OUTBOUND_ALLOW lists them.
  const backchannelLogoutUri = registrableLogoutUri('backchannel_logout_uri', request.backchannel_logout_uri);
  const frontchannelLogoutUri = registrableLogoutUri('frontchannel_logout_uri', request.frontchannel_logout_uri);

  // RFC 7591 §2: authorization_code, and code, when omitted; no code without that grant.
  const requestedGrantTypes = unique(request.grant_types ?? ['authorization_code']);
  const requestedResponseTypes = registrableResponseTypes(
    unique(
      (request.response_types ?? (requestedGrantTypes.includes('authorization_code') ? ['code'] : [])).map(
        canonicalResponseType,
      ),
    ),
    options,
  );
  assertConsistentGrants(requestedGrantTypes, requestedResponseTypes, tokenEndpointAuthMethod === 'none', options);
  // OIDC Registration §2: web when omitted.
  const applicationType = (request.application_type ?? 'web') as ApplicationType;
  const { grantTypes, responseTypes } = withoutBarredImplicit(
    applicationType,
    redirectUris,
    requestedGrantTypes,
    requestedResponseTypes,
  );

  const jwks = (request.jwks ?? null) as JSONWebKeySet | null;
  const jwksUri = request.jwks_uri ?? null;
  // RFC 7591 §2: jwks_uri and jwks MUST NOT both be present.
  if (jwks !== null && jwksUri !== null) throw OAuthErrors.invalidClientMetadata('give jwks or jwks_uri, not both');
  if (tokenEndpointAuthMethod === 'private_key_jwt' && jwks === null && jwksUri === null)
    throw OAuthErrors.invalidClientMetadata('token_endpoint_auth_method private_key_jwt needs jwks or jwks_uri');
  if (jwksUri !== null && !isFetchableJwksUri(jwksUri))
    throw OAuthErrors.invalidClientMetadata('jwks_uri must be an https URL on a DNS host name');

  // OIDC Registration §2: the server fetches these itself, so the jwks_uri rule applies to them.
  const requestUris = unique(request.request_uris ?? []);
  const unfetchable = requestUris.find((uri) => !isFetchableJwksUri(uri));
  if (unfetchable !== undefined)
    throw OAuthErrors.invalidClientMetadata(`request_uris: ${unfetchable} must be an https URL on a DNS host name`);

  // OIDC Core §8.1: the server fetches it too (ClientsService checks that it lists every redirect URI).
  const sectorIdentifierUri = request.sector_identifier_uri ?? null;
  if (sectorIdentifierUri !== null && !isFetchableJwksUri(sectorIdentifierUri))
    throw OAuthErrors.invalidClientMetadata('sector_identifier_uri must be an https URL on a DNS host name');

  const allowedScopes = scopeList(request.scope, options.scopesWhenOmitted);
  return {
    clientName: request.client_name ?? clientId,
    logoUri: request.logo_uri ?? null,
    clientUri: request.client_uri ?? null,
    policyUri: request.policy_uri ?? null,
    tosUri: request.tos_uri ?? null,
    contacts: unique(request.contacts ?? []),
    softwareId: request.software_id ?? null,
    softwareVersion: request.software_version ?? null,
    redirectUris,
    postLogoutRedirectUris,
    backchannelLogoutUri,
    // §2.2: false when omitted.
    backchannelLogoutSessionRequired: request.backchannel_logout_session_required ?? false,
    frontchannelLogoutUri,
    frontchannelLogoutSessionRequired: request.frontchannel_logout_session_required ?? false,
    grantTypes,
    responseTypes,
    allowedScopes,
    // Least privilege: a request naming no scope gets openid at most, never everything allowed.
    defaultScopes: DEFAULT_REGISTERED_SCOPES.filter((s) => allowedScopes.includes(s)),
    tokenEndpointAuthMethod,
    // OIDC Registration §2: omitted, an assertion may use any alg of the method. Sent beside a
    // method without assertions (a library's default), it means nothing: ignored (RFC 7591 §3.2.1
    // lets the server replace values), not echoed, where the admin API refuses it.
    tokenEndpointAuthSigningAlg: authenticatesWithAssertion(tokenEndpointAuthMethod)
      ? (request.token_endpoint_auth_signing_alg ?? null)
      : null,
    jwks,
    jwksUri,
    // RFC 9126 §6, RFC 9101 §10.5, OIDC Registration §2: off, any alg, none when omitted.
    requirePushedAuthorizationRequests: request.require_pushed_authorization_requests ?? false,
    requireSignedRequestObject: request.require_signed_request_object ?? false,
    requestObjectSigningAlg: request.request_object_signing_alg ?? null,
    requestUris,
    // OIDC Registration §2: userinfo as JSON when omitted.
    userinfoSignedResponseAlg: request.userinfo_signed_response_alg ?? null,
    // OIDC Registration §2 says RS256 when omitted; null signs with the active key, RS256 unless
    // SIGNING_ALG says otherwise, and follows the keys through a change of alg.
    idTokenSignedResponseAlg: request.id_token_signed_response_alg ?? null,
    // RFC 9449 §5.2: false when omitted.
    dpopBoundAccessTokens: request.dpop_bound_access_tokens ?? false,
    // This server's extension: false when omitted.
    requireMfa: request.require_mfa ?? false,
    // OIDC Registration §2: the server's default when omitted, public here.
    subjectType: (request.subject_type ?? 'public') as SubjectType,
    applicationType,
    sectorIdentifierUri,
    // OIDC Registration §2: none when omitted (checked, https, by the clients module).
    initiateLoginUri: request.initiate_login_uri ?? null,
  };
}

/** The response types (implicit and hybrid) that need the implicit grant, by the grants' declarations. */
const usesImplicitGrant = (responseType: string) => grantTypesForResponseType(responseType).includes('implicit');

/**
 * OIDC Registration §2: "Web Clients using the OAuth Implicit Grant Type MUST only register URLs
 * using the https scheme as redirect_uris; they MUST NOT use localhost as the hostname." A web
 * client with another redirect URI is registered without the implicit flow (RFC 7591 §3.2.1 lets
 * the server replace values: mod_auth_openidc asks for every flow, on a local address too); one
 * that asked for nothing else is refused. https on localhost is let through: it is only ever a
 * test set-up, such as the conformance suite run on a workstation.
 */
function withoutBarredImplicit(
  applicationType: ApplicationType,
  redirectUris: string[],
  grantTypes: string[],
  responseTypes: string[],
): { grantTypes: string[]; responseTypes: string[] } {
  const barredUri = redirectUris.find((uri) => new URL(uri).protocol !== 'https:');
  if (applicationType !== 'web' || barredUri === undefined || !responseTypes.some(usesImplicitGrant))
    return { grantTypes, responseTypes };
  const kept = responseTypes.filter((r) => !usesImplicitGrant(r));
  if (kept.length === 0)
    throw OAuthErrors.invalidRedirectUri(
      `redirect_uris: ${barredUri} must be an https URL for a web client of the implicit flow (OIDC Registration §2; application_type native allows it)`,
    );
  return { grantTypes: grantTypes.filter((g) => g !== 'implicit'), responseTypes: kept };
}

function registrableLogoutUri(field: string, uri: string | undefined): string | null {
  if (uri === undefined) return null;
  const problem =
    registrableRedirectUriProblem(uri) ??
    (/^https?:$/.test(new URL(uri).protocol) ? undefined : 'must be an http(s) URL');
  if (problem) throw OAuthErrors.invalidClientMetadata(`${field}: ${uri} ${problem}`);
  return uri;
}

function registrableRedirectUris(field: string, uris: string[]): string[] {
  for (const uri of uris) {
    const problem = registrableRedirectUriProblem(uri);
    if (problem) throw OAuthErrors.invalidRedirectUri(`${field}: ${uri} ${problem}`);
  }
  return unique(uris);
}

/** RFC 7591 §2: scope is a space-separated list (RFC 6749 §3.3); omitted, the server picks a default set. */
function scopeList(scope: string | undefined, whenOmitted: string[]): string[] {
  const names = unique((scope ?? '').split(' ').filter((s) => s !== ''));
  return names.length > 0 ? names : unique(whenOmitted);
}

/**
 * The server fetches jwks_uri itself, so a registrant must not aim it at the server's own
 * network: https only, and no IP literal or localhost (a DNS name can still resolve inward;
 * egress rules are the defence for that).
 */
function isFetchableJwksUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return url.protocol === 'https:' && isIP(host) === 0 && host !== 'localhost' && !host.endsWith('.localhost');
}
