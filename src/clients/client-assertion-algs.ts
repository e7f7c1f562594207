import type { TokenEndpointAuthMethod } from './client.entity';
import { FAPI2_SIGNING_ALGS } from './request-object-algs';

/** private_key_jwt: asymmetric algorithms only, since the assertion proves possession of a private key. */
export const CLIENT_ASSERTION_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];
/** client_secret_jwt (RFC 7523 §2.2, OIDC Core §9): HMAC under the client secret's UTF-8 octets. */
export const CLIENT_SECRET_JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
/** token_endpoint_auth_signing_alg_values_supported (OIDC Discovery §3): every alg a client assertion may use. */
export const TOKEN_ENDPOINT_AUTH_SIGNING_ALGS = [...CLIENT_SECRET_JWT_ALGORITHMS, ...CLIENT_ASSERTION_ALGORITHMS];

/** The methods that authenticate with a JWT assertion (RFC 7523): the others send a secret or nothing. */
export function authenticatesWithAssertion(method: TokenEndpointAuthMethod): boolean {
  return method === 'private_key_jwt' || method === 'client_secret_jwt';
}

/**
 * The algs a client's assertions may be signed with, by its method: HMAC for client_secret_jwt,
 * asymmetric for private_key_jwt (PS256 or ES256 under FAPI 2.0 §5.4), none for the methods
 * without an assertion. A registered token_endpoint_auth_signing_alg must be one of them.
 */
export function assertionAlgsFor(client: {
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  fapi2SecurityProfile: boolean;
}): readonly string[] {
  switch (client.tokenEndpointAuthMethod) {
    case 'client_secret_jwt':
      return CLIENT_SECRET_JWT_ALGORITHMS;
    case 'private_key_jwt':
      return client.fapi2SecurityProfile ? FAPI2_SIGNING_ALGS : CLIENT_ASSERTION_ALGORITHMS;
    default:
      return [];
  }
}
