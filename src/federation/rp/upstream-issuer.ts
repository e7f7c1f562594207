const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/**
 * Whether requests to this issuer may go over plain HTTP: only to this very machine (development,
 * and tests where one instance of this server is the other's upstream). Anything else must be
 * https (OIDC Discovery §3: the issuer is an https URL).
 */
export function isLoopbackHttp(issuer: URL): boolean {
  return (
    issuer.protocol === 'http:' && (LOOPBACK_HOSTS.has(issuer.hostname) || /^127(\.\d{1,3}){3}$/.test(issuer.hostname))
  );
}

/** Why `issuer` cannot be an upstream issuer identifier, or undefined when it can. */
export function issuerProblem(issuer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'issuer must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) return 'issuer must be an https URL (http only on loopback)';
  // OIDC Discovery §2 (and RFC 8414 §2): no query or fragment.
  if (url.search || url.hash || issuer.includes('#')) return 'issuer must not have a query or fragment';
  if (url.username || url.password) return 'issuer must not hold credentials';
  return undefined;
}
