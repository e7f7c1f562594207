/**
 * RFC 9449 §5.1 dpop_signing_alg_values_supported: asymmetric algs only (§4.2: a proof is
 * checked with the public key it carries). EdDSA is jose's name for Ed25519 signatures.
 */
export const DPOP_SIGNING_ALGS = ['ES256', 'PS256', 'RS256', 'EdDSA'] as const;
