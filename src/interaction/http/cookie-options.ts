import type { CookieOptions } from 'express';
import { cookiePath } from '../../common/http/cookie-names';
import type { AppConfig } from '../../config/app-config';

/**
 * Every cookie this module sets: signed with COOKIE_SECRET, out of reach of scripts, sent on
 * top-level navigations from the RP (SameSite=Lax) and only over TLS when the issuer is https.
 */
export function cookieOptions(config: AppConfig, path: string, maxAgeSeconds: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    signed: true,
    // Named with cookieName: a __Host- cookie on an https issuer, which must have Path=/.
    path: cookiePath(path, config.secureCookies),
    maxAge: maxAgeSeconds * 1000,
  };
}

/** The path the issuer is served under ('' at the root), so cookies and links work behind a prefix. */
export function issuerPath(config: AppConfig): string {
  // Asked for every cookie a sign-in sets: the issuer's URL is parsed once, not per call.
  if (parsed?.issuer !== config.issuer)
    parsed = { issuer: config.issuer, path: new URL(config.issuer).pathname.replace(/\/$/, '') };
  return parsed.path;
}

let parsed: { issuer: string; path: string } | undefined;
