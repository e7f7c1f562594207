import { publicJwksProblem } from '../keys/public-jwks';
import { APPLICATION_TYPES } from './client.entity';
import { MAX_SIGNED_TOKEN_LIFETIME } from '../config/app-config';
import { SIGNING_ALGS } from '../config/keys.config';
import { assertionAlgsFor } from './client-assertion-algs';
import type { ClientMetadata } from './client-input';
import type { GrantTypeDeclaration } from './grant-type-declaration';
import { ClientsError, ClientsErrorCode } from './clients.error';
import { redirectUriProblem } from './redirect-uris';
import { sectorProblem } from './sector-identifier';
import { FAPI2_SIGNING_ALGS, REQUEST_OBJECT_SIGNING_ALGS, UNSIGNED_REQUEST_OBJECT } from './request-object-algs';
import { EXCHANGEABLE_TOKEN_TYPES } from './token-exchange-policy';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'];
const CONSENT_POLICIES = ['always', 'once', 'skip'];
const ACCESS_TOKEN_FORMATS = ['opaque', 'jwt'];
const SUBJECT_TYPES = ['public', 'pairwise'];
// RFC 6749 Appendix A.1: client-id = *VSCHAR; spaces are left out to spare everyone the confusion.
const CLIENT_ID = /^[\x21-\x7e]{1,128}$/;
// RFC 6749 §3.3 scope-token.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_TTL = 365 * 86400;
const MAX_CONTACTS = 20;
const MAX_AUDIENCES = 100;
const MAX_SIGNED_TOKEN_TTL = MAX_SIGNED_TOKEN_LIFETIME;
const MAX_URI = 2048;

const metadataError = (message: string) => new ClientsError(ClientsErrorCode.InvalidClientMetadata, message);

export function assertValidClientId(clientId: unknown): asserts clientId is string {
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId))
    throw metadataError('client_id must be 1 to 128 printable ASCII characters without spaces');
}

export interface ClientMetadataRules {
  /** In production, URLs the server itself calls (backchannel_logout_uri) must be https. */
  production?: boolean;
}

/** The whole of a client's metadata is checked at once, after defaults or a patch are applied. */
export function assertValidClientMetadata(
  m: ClientMetadata,
  grantTypes: readonly GrantTypeDeclaration[],
  rules: ClientMetadataRules = {},
): void {
  if (typeof m.clientName !== 'string' || m.clientName.trim() === '' || m.clientName.length > 255)
    throw metadataError('client_name must be 1 to 255 characters');
  oneOf('token_endpoint_auth_method', m.tokenEndpointAuthMethod, AUTH_METHODS);
  oneOf('consent_policy', m.consentPolicy, CONSENT_POLICIES);
  oneOf('access_token_format', m.accessTokenFormat, ACCESS_TOKEN_FORMATS);
  assertRedirectUris('redirect_uris', m.redirectUris);
  assertRedirectUris('post_logout_redirect_uris', m.postLogoutRedirectUris);
  assertLogoutUri('backchannel_logout_uri', m.backchannelLogoutUri, rules.production === true);
  assertLogoutUri('frontchannel_logout_uri', m.frontchannelLogoutUri, rules.production === true);
  assertGrants(m, grantTypes);
  assertScopes(m);
  assertKeys(m);
  if (m.tokenEndpointAuthMethod === 'none' && m.requirePkce !== true)
    // RFC 9700 §2.1.1: public clients must use PKCE, they have no other proof of possession.
    throw metadataError('public clients (token_endpoint_auth_method none) must require PKCE');
  // Signed tokens are capped so a retired key outlives every token it signed (see AppConfig).
  for (const [name, ttl, max] of [
    ['access_token_ttl', m.accessTokenTtl, MAX_SIGNED_TOKEN_TTL],
    ['refresh_token_ttl', m.refreshTokenTtl, MAX_TTL],
    ['id_token_ttl', m.idTokenTtl, MAX_SIGNED_TOKEN_TTL],
  ] as const) {
    if (ttl !== null && (!Number.isInteger(ttl) || ttl < 1 || ttl > max))
      throw metadataError(`${name} must be a whole number of seconds between 1 and ${max}`);
  }
  for (const [name, uri] of [
    ['logo_uri', m.logoUri],
    ['client_uri', m.clientUri],
    ['policy_uri', m.policyUri],
    ['tos_uri', m.tosUri],
  ] as const) {
    if (uri !== null && !isHttpUrl(uri)) throw metadataError(`${name} must be an absolute http(s) URL`);
  }
  assertContacts(m.contacts);
  assertTokenExchangePolicy(m.tokenExchangePolicy);
  for (const [name, value] of [
    ['software_id', m.softwareId],
    ['software_version', m.softwareVersion],
  ] as const) {
    if (value !== null && (typeof value !== 'string' || value === '' || value.length > 255))
      throw metadataError(`${name} must be 1 to 255 characters`);
  }
  if (
    m.clientSecretExpiresAt !== null &&
    !(m.clientSecretExpiresAt instanceof Date && !isNaN(+m.clientSecretExpiresAt))
  )
    throw metadataError('client_secret_expires_at must be a date');
  assertRequestObjects(m);
  // OIDC Registration §2; which of these the keys sign with now is checked by ClientsService.
  if (m.userinfoSignedResponseAlg !== null)
    oneOf('userinfo_signed_response_alg', m.userinfoSignedResponseAlg, [...SIGNING_ALGS]);
  if (m.idTokenSignedResponseAlg !== null)
    oneOf('id_token_signed_response_alg', m.idTokenSignedResponseAlg, [...SIGNING_ALGS]);
  assertClientAssertionAlg(m);
  assertInitiateLoginUri(m.initiateLoginUri);
  assertFapi2(m);
  assertSubjects(m);
  for (const flag of [
    'requirePkce',
    'allowPlainPkce',
    'isResourceServer',
    'revokeTokensOnLogout',
    'backchannelLogoutSessionRequired',
    'frontchannelLogoutSessionRequired',
    'requirePushedAuthorizationRequests',
    'requireSignedRequestObject',
    'fapi2SecurityProfile',
    'dpopBoundAccessTokens',
    'requireMfa',
  ] as const) {
    if (typeof m[flag] !== 'boolean') throw metadataError(`${flag} must be true or false`);
  }
}

const MAX_REQUEST_URIS = 20;

/**
 * OIDC Registration §2 token_endpoint_auth_signing_alg: the alg of the JWT a private_key_jwt or
 * client_secret_jwt client authenticates with, so an alg of that method (HMAC for the secret,
 * asymmetric for keys; none never). Registered with another method it would mean nothing, and
 * is refused rather than kept unused.
 */
function assertClientAssertionAlg(m: ClientMetadata): void {
  if (m.tokenEndpointAuthSigningAlg === null) return;
  const algs = assertionAlgsFor(m);
  if (algs.length === 0)
    throw metadataError(
      `token_endpoint_auth_signing_alg applies to private_key_jwt and client_secret_jwt only, not to token_endpoint_auth_method ${m.tokenEndpointAuthMethod}`,
    );
  if (typeof m.tokenEndpointAuthSigningAlg !== 'string' || !algs.includes(m.tokenEndpointAuthSigningAlg))
    throw metadataError(
      `token_endpoint_auth_signing_alg must be one of ${algs.join(', ')} for ${m.tokenEndpointAuthMethod}${m.fapi2SecurityProfile ? ' under FAPI 2.0' : ''}`,
    );
}

/**
 * OIDC Registration §2 initiate_login_uri (OIDC Core §4): "URI using the https scheme", or http on
 * a loopback host as for redirect URIs: mod_auth_openidc registers one beside its own redirect URI,
 * on http in development. No fragment, as every URI here.
 */
function assertInitiateLoginUri(uri: string | null): void {
  if (uri === null) return;
  const onLoopback = isHttpUrl(uri) && LOOPBACK_HOSTS.has(new URL(uri).hostname);
  if (!isHttpsUrl(uri) && !onLoopback)
    throw metadataError(
      `initiate_login_uri must be an https URL (http only on a loopback address) of at most ${MAX_URI} characters`,
    );
  if (uri.includes('#')) throw metadataError('initiate_login_uri must not contain a fragment');
}

/** OIDC Registration §2 request_object_signing_alg and request_uris. */
function assertRequestObjects(m: ClientMetadata): void {
  if (m.requestObjectSigningAlg !== null)
    oneOf('request_object_signing_alg', m.requestObjectSigningAlg, [
      ...REQUEST_OBJECT_SIGNING_ALGS,
      UNSIGNED_REQUEST_OBJECT,
    ]);
  assertStrings('request_uris', m.requestUris);
  if (m.requestUris.length > MAX_REQUEST_URIS || !m.requestUris.every((u) => isHttpsUrl(u)))
    throw metadataError(`request_uris must be at most ${MAX_REQUEST_URIS} https URLs`);
}

/** OIDC Core §8 and §8.1: the subject type, and a sector for pairwise clients (its document is checked by ClientsService). */
function assertSubjects(m: ClientMetadata): void {
  oneOf('subject_type', m.subjectType, SUBJECT_TYPES);
  oneOf('application_type', m.applicationType, [...APPLICATION_TYPES]);
  if (m.sectorIdentifierUri !== null && !isHttpsUrl(m.sectorIdentifierUri))
    throw metadataError('sector_identifier_uri must be an https URL');
  if (m.sectorIdentifierUri?.includes('#')) throw metadataError('sector_identifier_uri must not contain a fragment');
  const problem = sectorProblem(m);
  if (problem) throw metadataError(problem);
}

/**
 * FAPI 2.0 Security Profile §5.3.2 and §5.4: a confidential client authenticating with
 * private_key_jwt (mTLS is not offered behind this deployment's ingress), the code flow with
 * PKCE S256 only, request objects (if any) signed with PS256 or ES256.
 */
function assertFapi2(m: ClientMetadata): void {
  if (m.fapi2SecurityProfile !== true) return;
  if (m.tokenEndpointAuthMethod !== 'private_key_jwt')
    throw metadataError('FAPI 2.0 clients must use token_endpoint_auth_method private_key_jwt');
  if (m.responseTypes.some((r) => r !== 'code'))
    throw metadataError('FAPI 2.0 clients may only use response_type code');
  if (m.requirePkce !== true || m.allowPlainPkce !== false)
    throw metadataError('FAPI 2.0 clients must require PKCE with S256');
  if (
    m.requestObjectSigningAlg !== null &&
    !(FAPI2_SIGNING_ALGS as readonly string[]).includes(m.requestObjectSigningAlg)
  )
    throw metadataError(`FAPI 2.0 clients sign request objects with ${FAPI2_SIGNING_ALGS.join(' or ')}`);
  // FAPI 2.0 Security Profile §5.4: what is signed for the client too.
  for (const [name, alg] of [
    ['id_token_signed_response_alg', m.idTokenSignedResponseAlg],
    ['userinfo_signed_response_alg', m.userinfoSignedResponseAlg],
  ] as const)
    if (alg !== null && !(FAPI2_SIGNING_ALGS as readonly string[]).includes(alg))
      throw metadataError(`FAPI 2.0 clients take ${name} ${FAPI2_SIGNING_ALGS.join(' or ')}`);
}

function isHttpsUrl(value: string): boolean {
  return isHttpUrl(value) && new URL(value).protocol === 'https:';
}

function oneOf(name: string, value: unknown, allowed: string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value))
    throw metadataError(`${name} must be one of ${allowed.join(', ')}`);
}

function assertStrings(name: string, values: unknown): asserts values is string[] {
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string' && v !== ''))
    throw metadataError(`${name} must be a list of non-empty strings`);
}

function assertContacts(contacts: unknown): void {
  assertStrings('contacts', contacts);
  if (contacts.length > MAX_CONTACTS || contacts.some((c) => c.length > 320))
    throw metadataError(`contacts must be at most ${MAX_CONTACTS} entries of at most 320 characters`);
}

function assertTokenExchangePolicy(policy: unknown): void {
  if (policy === null) return;
  if (typeof policy !== 'object' || Array.isArray(policy))
    throw metadataError('token_exchange_policy must be an object or null');
  const p = policy as Record<string, unknown>;
  assertStrings('token_exchange_policy.allowed_subject_token_types', p.allowedSubjectTokenTypes);
  const unknown = p.allowedSubjectTokenTypes.find((t) => !EXCHANGEABLE_TOKEN_TYPES.includes(t));
  if (unknown !== undefined)
    throw metadataError(
      `token_exchange_policy: ${JSON.stringify(unknown)} is not one of ${EXCHANGEABLE_TOKEN_TYPES.join(', ')}`,
    );
  assertStrings('token_exchange_policy.allowed_audiences', p.allowedAudiences);
  if (p.allowedAudiences.length > MAX_AUDIENCES || p.allowedAudiences.some((a) => a.length > 2048))
    throw metadataError(
      `token_exchange_policy.allowed_audiences must be at most ${MAX_AUDIENCES} values of at most 2048 characters`,
    );
  for (const flag of ['allowImpersonation', 'allowDelegation'])
    if (typeof p[flag] !== 'boolean') throw metadataError(`token_exchange_policy.${flag} must be true or false`);
}

function assertRedirectUris(name: string, uris: unknown): void {
  if (!Array.isArray(uris)) throw metadataError(`${name} must be a list of URIs`);
  for (const uri of uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new ClientsError(ClientsErrorCode.InvalidRedirectUri, `${name}: ${String(uri)} ${problem}`);
  }
}

/**
 * OIDC Back-Channel Logout 1.0 §2.2, Front-Channel Logout 1.0 §2: an absolute http(s) URL, which
 * MAY contain a query and MUST NOT contain a fragment; https in production (http on loopback).
 */
function assertLogoutUri(name: string, uri: unknown, production: boolean): void {
  if (uri === null) return;
  const problem = redirectUriProblem(uri);
  if (problem) throw metadataError(`${name} ${problem}`);
  const url = new URL(uri as string);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw metadataError(`${name} must be an http(s) URL`);
  if (production && url.protocol !== 'https:' && !LOOPBACK_HOSTS.has(url.hostname))
    throw metadataError(`${name} must use https (http only on a loopback address)`);
}

/** By what each grant declares of itself (src/token/grants): the server's grants, their redirects and clients. */
function assertGrants(m: ClientMetadata, grantTypes: readonly GrantTypeDeclaration[]): void {
  assertStrings('grant_types', m.grantTypes);
  assertStrings('response_types', m.responseTypes);
  const declared = m.grantTypes.map((g) => {
    const declaration = grantTypes.find((d) => d.grantType === g);
    if (!declaration)
      throw metadataError(`grant_types: ${g} is not one of ${grantTypes.map((d) => d.grantType).join(', ')}`);
    return declaration;
  });
  if (declared.some((g) => g.needsRedirectUris) && m.redirectUris.length === 0)
    throw new ClientsError(ClientsErrorCode.InvalidRedirectUri, 'redirect_uris are required for redirect-based grants');
  // e.g. RFC 6749 §4.4: the client credentials grant is for confidential clients only.
  const confidentialOnly = declared.find((g) => g.confidentialOnly);
  if (confidentialOnly && m.tokenEndpointAuthMethod === 'none')
    throw metadataError(`public clients cannot use the ${confidentialOnly.grantType} grant`);
  const responseTypes = new Set(grantTypes.flatMap((g) => g.responseTypes));
  const unknown = m.responseTypes.find((r) => !responseTypes.has(canonicalResponseType(r)));
  if (unknown !== undefined)
    throw metadataError(`response_types: ${unknown} is not one of ${[...responseTypes].join(', ')}`);
}

// OIDC Core §3: the words of a response type in any order ("token id_token" is "id_token token").
function canonicalResponseType(value: string): string {
  const words = value.split(' ').filter((w) => w !== '');
  const order = ['code', 'id_token', 'token'];
  if (new Set(words).size !== words.length || words.some((w) => !order.includes(w))) return value;
  return order.filter((w) => words.includes(w)).join(' ');
}

function assertScopes(m: ClientMetadata): void {
  assertStrings('allowed_scopes', m.allowedScopes);
  assertStrings('default_scopes', m.defaultScopes);
  const bad = [...m.allowedScopes, ...m.defaultScopes].find((s) => !SCOPE_TOKEN.test(s));
  if (bad !== undefined) throw metadataError(`${JSON.stringify(bad)} is not a scope name (RFC 6749 §3.3)`);
  const notAllowed = m.defaultScopes.filter((s) => !m.allowedScopes.includes(s));
  if (notAllowed.length > 0) throw metadataError(`default_scopes not in allowed_scopes: ${notAllowed.join(' ')}`);
}

function assertKeys(m: ClientMetadata): void {
  // RFC 7591 §2: jwks_uri and jwks MUST NOT both be present.
  if (m.jwks !== null && m.jwksUri !== null) throw metadataError('give jwks or jwks_uri, not both');
  if (m.tokenEndpointAuthMethod === 'private_key_jwt' && m.jwks === null && m.jwksUri === null)
    throw metadataError('private_key_jwt clients need jwks or jwks_uri');
  const problem = m.jwks === null ? null : publicJwksProblem(m.jwks);
  if (problem !== null) throw metadataError(`jwks ${problem}`);
  if (m.jwksUri !== null && !isJwksUri(m.jwksUri))
    throw metadataError('jwks_uri must be an https URL (http only on a loopback address)');
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > MAX_URI) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function isJwksUri(value: string): boolean {
  if (!isHttpUrl(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
}
