/**
 * The OIDC `claims` request parameter (OIDC Core §5.5) as stored on a grant: the claims the RP
 * asked for by name, per place they should be returned.
 */
export interface ClaimsRequest {
  id_token?: Record<string, unknown>;
  userinfo?: Record<string, unknown>;
}

/** The claim names requested for `member`; anything malformed requests nothing. */
export function requestedClaimNames(claims: ClaimsRequest | null | undefined, member: keyof ClaimsRequest): string[] {
  const requested = claims?.[member];
  if (typeof requested !== 'object' || requested === null || Array.isArray(requested)) return [];
  return Object.keys(requested);
}

/**
 * The acr values asked for the ID Token, in the client's order of preference: the acr Claim
 * request's `values` or `value` (OIDC Core §5.5.1.1), where acr_values also lands (§3.1.2.1,
 * folded in by the authorization request). Empty when acr was not asked for with values.
 */
export function requestedAcrValues(claims: ClaimsRequest | null | undefined): string[] {
  const acr = claims?.id_token?.acr;
  if (typeof acr !== 'object' || acr === null) return [];
  const { values, value } = acr as { values?: unknown; value?: unknown };
  const listed = Array.isArray(values) ? values : [];
  return [...listed, ...(value === undefined ? [] : [value])].filter((v): v is string => typeof v === 'string');
}
