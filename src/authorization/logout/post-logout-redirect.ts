/**
 * OIDC RP-Initiated Logout 1.0 §3: where the browser goes after logout. The URI exactly as
 * registered, with state added to its query when the RP sent one. The URI is not re-serialised:
 * registered URIs have no fragment, so appending to the string is exact.
 */
export function postLogoutRedirect(uri: string, state: string | undefined): string {
  if (state === undefined) return uri;
  const separator = !uri.includes('?') ? '?' : /[?&]$/.test(uri) ? '' : '&';
  return `${uri}${separator}state=${encodeURIComponent(state)}`;
}
