/**
 * RFC 9449 §5.1 dpop_signing_alg_values_supported: asymmetric algs only (§4.2: a proof is
 * checked with the public key it carries). EdDSA is jose's name for Ed25519 signatures.
 */
export const DPOP_SIGNING_ALGS = ['ES256', 'PS256', 'RS256', 'EdDSA'] as const;

/** FAPI 2.0 Security Profile §5.4: the algs a FAPI 2.0 client's proofs may use (no RS256). */
export const FAPI2_DPOP_SIGNING_ALGS: readonly string[] = ['ES256', 'PS256', 'EdDSA'];
