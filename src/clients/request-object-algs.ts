/**
 * RFC 9101 §10.2 / OIDC Discovery §3 request_object_signing_alg_values_supported: asymmetric
 * algorithms only (a request object proves the client holds its private key), and 'none',
 * accepted from a client that registered request_object_signing_alg none or no alg at all (OIDC
 * Registration §2), never from one that requires signed request objects or follows FAPI 2.0.
 */
export const REQUEST_OBJECT_SIGNING_ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
export const UNSIGNED_REQUEST_OBJECT = 'none';

/** FAPI 2.0 Security Profile §5.4: PS256, ES256 (or EdDSA, left out here: PS256 and ES256 suffice). */
export const FAPI2_SIGNING_ALGS = ['PS256', 'ES256'] as const;
