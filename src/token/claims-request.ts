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
