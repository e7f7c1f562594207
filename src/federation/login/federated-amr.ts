/**
 * The session's amr (RFC 8176) after a sign-in through an upstream provider: `fed` (§2,
 * federated authentication) alone. The methods the upstream reports are not repeated: this
 * server asserts only what it verified (OIDC Core §2), and its acr and second-factor rules count
 * the session's methods, so an upstream saying `mfa` or `hwk` would otherwise skip the user's own
 * second factor and raise acr to 2 or 3. A second factor proved here afterwards adds its methods.
 */
export function federatedAmr(): string[] {
  return ['fed'];
}
