/**
 * RFC 9101 §10.2 / OIDC Discovery §3 request_object_signing_alg_values_supported: asymmetric
 * algorithms only (a request object proves the client holds its private key), and 'none',
 * accepted only from a client that registered request_object_signing_alg none.
 */
export const REQUEST_OBJECT_SIGNING_ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
export const UNSIGNED_REQUEST_OBJECT = 'none';

/** FAPI 2.0 Security Profile §5.4: PS256, ES256 (or EdDSA, left out here: PS256 and ES256 suffice). */
export const FAPI2_SIGNING_ALGS = ['PS256', 'ES256'] as const;
