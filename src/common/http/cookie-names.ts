/**
 * Every cookie this server sets, named here and nowhere else. A new cookie is one line here and
 * one cookiePlace call where it is set.
 */
export const COOKIE_NAMES = {
  /** The browser's sign-in (interaction/session). */
  session: 'oidc_session',
  /** The double-submit CSRF nonce of the setup and device code pages (common/http/csrf). */
  csrf: 'oidc_csrf',
  /** Binds pending interactions (sign-ins, logout confirmations) to the browser that began them (interaction/store). */
  interaction: 'oidc_interaction',
  /** The user code this browser entered on the device verification page (device/verification). */
  device: 'oidc_device',
  /** The state of a sign-in sent to an upstream provider (federation/login). */
  upstreamLogin: 'oidc_upstream_login',
  /** The admin console's session (admin/console/auth). */
  console: 'oidc_console',
  /** Accounts this browser signed in to with a password, exempt from guessers' limits (interaction/login). */
  knownBrowser: 'oidc_known_browser',
} as const;

export type CookieKind = keyof typeof COOKIE_NAMES;

/** RFC 6265bis §4.1.3.2: a cookie with this prefix is only accepted Secure, with Path=/ and no Domain. */
export const HOST_PREFIX = '__Host-';

/**
 * The name of a cookie of `kind`. On an https issuer (`secure`) every cookie is a __Host-
 * cookie: bound to this very host, it cannot be set or shadowed by a sibling subdomain or a
 * plain-http page (cookie tossing: a planted CSRF nonce or session). Set it with cookiePath.
 */
export function cookieName(kind: CookieKind, secure: boolean): string {
  return secure ? `${HOST_PREFIX}${COOKIE_NAMES[kind]}` : COOKIE_NAMES[kind];
}

/**
 * The Path of a cookie named by cookieName: `narrowest`, the narrowest path it is needed on,
 * only without the prefix (http, in development); a __Host- cookie must have Path=/. No cookie
 * of this server ever has a Domain attribute, so every one is host-only.
 */
export function cookiePath(narrowest: string, secure: boolean): string {
  return secure ? '/' : narrowest || '/';
}
