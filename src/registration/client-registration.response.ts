import type { JSONWebKeySet } from 'jose';
import type { Client } from '../clients/client.entity';

/** RFC 7591 §3.2.1 and RFC 7592 §3: the client information response. */
export interface ClientInformationResponse {
  client_id: string;
  client_secret?: string;
  client_id_issued_at: number;
  client_secret_expires_at?: number;
  registration_access_token?: string;
  registration_client_uri: string;
  client_name: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
  frontchannel_logout_uri?: string;
  frontchannel_logout_session_required?: boolean;
  grant_types: string[];
  response_types: string[];
  scope: string;
  token_endpoint_auth_method: string;
  token_endpoint_auth_signing_alg?: string;
  logo_uri?: string;
  client_uri?: string;
  policy_uri?: string;
  tos_uri?: string;
  contacts?: string[];
  software_id?: string;
  software_version?: string;
  jwks?: JSONWebKeySet;
  jwks_uri?: string;
  require_pushed_authorization_requests?: boolean;
  require_signed_request_object?: boolean;
  request_object_signing_alg?: string;
  request_uris?: string[];
  userinfo_signed_response_alg?: string;
  id_token_signed_response_alg?: string;
  dpop_bound_access_tokens?: boolean;
  /** This server's extension: every sign-in needs a second factor (docs/second-factors.md). */
  require_mfa?: boolean;
  subject_type: string;
  application_type: string;
  sector_identifier_uri?: string;
  initiate_login_uri?: string;
}

/** What is shown once: a secret or registration access token just issued. */
export interface IssuedCredentials {
  clientSecret?: string;
  registrationAccessToken?: string;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * The registered metadata, as stored: what the server changed or ignored shows as it is
 * (RFC 7591 §3.2.1). Empty optional values are left out.
 */
export function clientInformationResponse(
  client: Client,
  registrationClientUri: string,
  issued: IssuedCredentials = {},
): ClientInformationResponse {
  const hasSecret = client.clientSecretHash !== null;
  return {
    client_id: client.clientId,
    ...present('client_secret', issued.clientSecret),
    client_id_issued_at: seconds(client.createdAt),
    // RFC 7591 §3.2.1: required with a secret; 0 means it does not expire.
    ...present(
      'client_secret_expires_at',
      hasSecret ? (client.clientSecretExpiresAt ? seconds(client.clientSecretExpiresAt) : 0) : undefined,
    ),
    ...present('registration_access_token', issued.registrationAccessToken),
    registration_client_uri: registrationClientUri,
    client_name: client.clientName,
    redirect_uris: client.redirectUris,
    ...present('post_logout_redirect_uris', nonEmpty(client.postLogoutRedirectUris)),
    ...present('backchannel_logout_uri', client.backchannelLogoutUri),
    // OIDC Back-Channel Logout 1.0 §2.2 (Front-Channel §2): shown with the URI it qualifies, and
    // whenever registered true (false is the default), so that what was registered is echoed.
    ...present(
      'backchannel_logout_session_required',
      shownFlag(client.backchannelLogoutUri, client.backchannelLogoutSessionRequired),
    ),
    ...present('frontchannel_logout_uri', client.frontchannelLogoutUri),
    ...present(
      'frontchannel_logout_session_required',
      shownFlag(client.frontchannelLogoutUri, client.frontchannelLogoutSessionRequired),
    ),
    grant_types: client.grantTypes,
    response_types: client.responseTypes,
    scope: client.allowedScopes.join(' '),
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    // OIDC Registration §2: shown when set (omitted, any alg of the method).
    ...present('token_endpoint_auth_signing_alg', client.tokenEndpointAuthSigningAlg),
    ...present('logo_uri', client.logoUri),
    ...present('client_uri', client.clientUri),
    ...present('policy_uri', client.policyUri),
    ...present('tos_uri', client.tosUri),
    ...present('contacts', nonEmpty(client.contacts)),
    ...present('software_id', client.softwareId),
    ...present('software_version', client.softwareVersion),
    ...present('jwks', client.jwks),
    ...present('jwks_uri', client.jwksUri),
    // Shown when set (off, any alg and none are the defaults).
    ...present('require_pushed_authorization_requests', client.requirePushedAuthorizationRequests || undefined),
    ...present('require_signed_request_object', client.requireSignedRequestObject || undefined),
    ...present('request_object_signing_alg', client.requestObjectSigningAlg),
    ...present('request_uris', nonEmpty(client.requestUris)),
    ...present('userinfo_signed_response_alg', client.userinfoSignedResponseAlg),
    ...present('id_token_signed_response_alg', client.idTokenSignedResponseAlg),
    // RFC 9449 §5.2: shown when set (false is the default).
    ...present('dpop_bound_access_tokens', client.dpopBoundAccessTokens || undefined),
    // Shown when set (false is the default).
    ...present('require_mfa', client.requireMfa || undefined),
    // OIDC Registration §3.2: what the client's subs are, always shown.
    subject_type: client.subjectType,
    // OIDC Registration §2: said always, the default too.
    application_type: client.applicationType,
    ...present('sector_identifier_uri', client.sectorIdentifierUri),
    ...present('initiate_login_uri', client.initiateLoginUri),
  };
}

function present<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? values : undefined;
}

function shownFlag(uri: string | null, flag: boolean): boolean | undefined {
  return uri || flag ? flag : undefined;
}
