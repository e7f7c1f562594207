import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../../../config/app-config';
import { issuerPath } from '../../../authorization/http/cookie-options';
import { CONSOLE_PATH } from '../console-paths';
import { CONSOLE_SESSION_TTL_SECONDS } from './console-session.store';

export const CONSOLE_COOKIE = 'oidc_console';

/**
 * Signed, out of reach of scripts, TLS-only on an https issuer, and SameSite=Strict: the
 * console is never entered from another site, so no cross-site request carries it. Scoped to
 * the console's path, so no other page of the server ever sees it.
 */
function options(config: AppConfig): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
    signed: true,
    path: `${issuerPath(config)}${CONSOLE_PATH}`,
  };
}

export function setConsoleCookie(res: Response, config: AppConfig, secret: string): void {
  res.cookie(CONSOLE_COOKIE, secret, { ...options(config), maxAge: CONSOLE_SESSION_TTL_SECONDS * 1000 });
}

export function clearConsoleCookie(res: Response, config: AppConfig): void {
  res.clearCookie(CONSOLE_COOKIE, options(config));
}

export function consoleCookieOf(req: Request): unknown {
  return req.signedCookies?.[CONSOLE_COOKIE];
}
