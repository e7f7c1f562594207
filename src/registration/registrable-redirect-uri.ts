import { redirectUriProblem } from '../clients/redirect-uris';

// RFC 8252 §7.3: loopback redirects for native apps. "localhost" is kept for the tools that use it.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
// RFC 8252 §7.1: a private-use URI scheme is a reverse domain name, e.g. com.example.app.
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/;

/**
 * Why a URI may not be registered dynamically as a (post-logout) redirect URI, or undefined if
 * it may. Stricter than what an operator may configure: https, except http on a loopback host
 * and private-use schemes for native apps (RFC 8252 §7, RFC 9700 §2.1).
 */
export function registrableRedirectUriProblem(uri: string): string | undefined {
  const problem = redirectUriProblem(uri);
  if (problem) return problem;
  const url = new URL(uri);
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:')
    return LOOPBACK_HOSTS.has(url.hostname) ? undefined : 'must use https (http only on 127.0.0.1, [::1] or localhost)';
  if (PRIVATE_USE_SCHEME.test(url.protocol)) return undefined;
  return 'must use https, http on a loopback host, or a private-use scheme named after a domain (e.g. com.example.app:/callback)';
}
