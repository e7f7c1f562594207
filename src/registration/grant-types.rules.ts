import { OAuthErrors } from '../common/errors/oauth-error';

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
/** The grants a dynamically registered client may ask for. */
export const REGISTRABLE_GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
  DEVICE_CODE,
];
// OIDC Core §3 and OAuth 2.0 Multiple Response Types §3: each value is a set of these words.
const RESPONSE_TYPE_WORDS = ['code', 'id_token', 'token'];
// Grants whose tokens may come with a refresh token (RFC 6749 §4.2.2 and §4.4.3 rule out the others).
const REFRESHABLE_GRANTS = ['authorization_code', DEVICE_CODE];

const invalid = (description: string) => OAuthErrors.invalidClientMetadata(description);

/**
 * A response type in the canonical order of OIDC Core §3 ("code id_token token"), so that
 * "id_token code" and "code id_token" register as the same thing.
 */
export function canonicalResponseType(value: string): string {
  const words = value.split(' ');
  if (words.some((w) => !RESPONSE_TYPE_WORDS.includes(w)) || new Set(words).size !== words.length)
    throw invalid(
      `response_types: ${JSON.stringify(value)} is not supported; use code, id_token, token or a combination`,
    );
  return RESPONSE_TYPE_WORDS.filter((w) => words.includes(w)).join(' ');
}

/**
 * RFC 7591 §2.1 and OIDC Registration §2: grant_types and response_types must agree. code
 * goes with authorization_code, id_token and token with implicit, a hybrid response type with
 * both; refresh_token needs a grant that yields one; client_credentials needs a confidential client.
 */
export function assertConsistentGrants(grantTypes: string[], responseTypes: string[], isPublic: boolean): void {
  if (grantTypes.length === 0) throw invalid('grant_types must name at least one grant type');
  // RFC 9700 §2.4: the resource owner password credentials grant MUST NOT be used.
  if (grantTypes.includes('password')) throw invalid('grant_types: the password grant is not available');
  const unsupported = grantTypes.find((g) => !REGISTRABLE_GRANT_TYPES.includes(g));
  if (unsupported !== undefined) throw invalid(`grant_types: ${JSON.stringify(unsupported)} is not supported`);

  const words = new Set(responseTypes.flatMap((r) => r.split(' ')));
  const usesCode = grantTypes.includes('authorization_code');
  const usesImplicit = grantTypes.includes('implicit');
  if (usesCode !== words.has('code'))
    throw invalid(
      usesCode
        ? 'grant_types authorization_code needs a response_types value with code'
        : 'response_types with code need grant_types authorization_code',
    );
  const frontChannelTokens = words.has('id_token') || words.has('token');
  if (usesImplicit !== frontChannelTokens)
    throw invalid(
      usesImplicit
        ? 'grant_types implicit needs a response_types value with id_token or token'
        : 'response_types with id_token or token need grant_types implicit',
    );
  if (grantTypes.includes('refresh_token') && !grantTypes.some((g) => REFRESHABLE_GRANTS.includes(g)))
    throw invalid('grant_types refresh_token needs authorization_code or the device code grant');
  // RFC 6749 §4.4: only a confidential client can use the client credentials grant.
  if (isPublic && grantTypes.includes('client_credentials'))
    throw invalid(
      'grant_types client_credentials is only for confidential clients, not token_endpoint_auth_method none',
    );
}
