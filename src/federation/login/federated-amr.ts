// RFC 8176 §2 method values are short tokens; anything else from upstream is not one.
const METHOD = /^[\x21-\x7E]{1,32}$/;
const MAX_METHODS = 8;

/**
 * The session's amr (RFC 8176): `fed` (§2: federated authentication), then the methods the
 * upstream reported in its ID Token, so an RP can still see e.g. `mfa` done upstream.
 */
export function federatedAmr(upstreamAmr: unknown): string[] {
  const upstream = Array.isArray(upstreamAmr)
    ? upstreamAmr.filter((m): m is string => typeof m === 'string' && METHOD.test(m))
    : [];
  return [...new Set(['fed', ...upstream])].slice(0, MAX_METHODS);
}
