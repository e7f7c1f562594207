/**
 * Authentication context classes (OIDC Core §2 `acr`), in one place. Today every sign-in this
 * server offers (a password, or an upstream provider) is one factor, so there is one level:
 * "1". A second factor would add "2" here, say which amr values reach it in acrOf, and every
 * caller (the ID Token, the authorization request's acr checks, discovery) follows.
 */
export const ACR_VALUES_SUPPORTED: readonly string[] = ['1'];

/** The acr a sign-in with these methods (RFC 8176 amr values) achieved. */
export function acrOf(_amr: readonly string[]): string {
  return '1';
}

/** Whether some sign-in here could ever achieve one of `wanted`. */
export function canSatisfyAcr(wanted: readonly string[]): boolean {
  return wanted.some((value) => ACR_VALUES_SUPPORTED.includes(value));
}
