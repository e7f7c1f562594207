// Schemes that run code or read local data in the browser instead of navigating to an RP.
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:']);
const hasWhitespaceOrControl = (s: string) => /\s/.test(s) || [...s].some((c) => c < ' ' || c === '\x7f');

/**
 * RFC 6749 §3.1.2.3 and OAuth 2.0 Security BCP (RFC 9700 §4.1.3): a redirect URI matches a
 * registered one only when the strings are identical. No normalisation: a trailing slash, a
 * case difference, an extra query parameter or an encoded character makes another URI.
 */
export function isRegisteredUri(registered: readonly string[], uri: string): boolean {
  return typeof uri === 'string' && registered.includes(uri);
}

/** Why a URI may not be registered as a (post-logout) redirect URI, or undefined if it may. */
export function redirectUriProblem(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > 2048) return 'must be 1 to 2048 characters';
  if (hasWhitespaceOrControl(uri)) return 'must not contain whitespace or control characters';
  // RFC 6749 §3.1.2: the endpoint URI MUST NOT include a fragment component.
  if (uri.includes('#')) return 'must not contain a fragment';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    // RFC 6749 §3.1.2: the endpoint URI MUST be an absolute URI.
    return 'must be an absolute URI';
  }
  if (FORBIDDEN_SCHEMES.has(url.protocol)) return `must not use the ${url.protocol} scheme`;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && (url.username || url.password))
    return 'must not contain user information';
  return undefined;
}
