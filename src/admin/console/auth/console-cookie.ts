import type { CookieOptions, Request, Response } from 'express';
import { cookieName, cookiePath } from '../../../common/http/cookie-names';
import type { AppConfig } from '../../../config/app-config';
import { issuerPath } from '../../../interaction/http/cookie-options';
import { CONSOLE_PATH } from '../console-paths';
import { CONSOLE_SESSION_TTL_SECONDS } from './console-session.store';

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
    path: cookiePath(`${issuerPath(config)}${CONSOLE_PATH}`, config.secureCookies),
  };
}

export function setConsoleCookie(res: Response, config: AppConfig, secret: string): void {
  res.cookie(cookieName('console', config.secureCookies), secret, {
    ...options(config),
    maxAge: CONSOLE_SESSION_TTL_SECONDS * 1000,
  });
}

export function clearConsoleCookie(res: Response, config: AppConfig): void {
  res.clearCookie(cookieName('console', config.secureCookies), options(config));
}

export function consoleCookieOf(req: Request, config: AppConfig): unknown {
  return req.signedCookies?.[cookieName('console', config.secureCookies)];
}
