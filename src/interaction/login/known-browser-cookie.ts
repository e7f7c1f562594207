import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import type { KnownBrowser } from '../../users/password-login.service';
import { cookieName } from '../../common/http/cookie-names';
import { cookieOptions, issuerPath } from '../http/cookie-options';

export const KNOWN_BROWSER_TTL_SECONDS = 180 * 86400;
/** Accounts one browser is remembered for (a shared computer); the oldest sign-in drops out. */
const MAX_ACCOUNTS = 5;

interface Entry extends KnownBrowser {
  /** Seconds since the epoch of the sign-in that (re)issued it. */
  issuedAt: number;
}

const ENTRY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{22})\.(\d{1,12})$/;

/**
 * OWASP "Slow Down Online Guessing Attacks with Device Cookies": a browser that signed in to an
 * account with its password gets, per account, a random id in a cookie signed with
 * COOKIE_SECRET. Presented again with the same account, it is exempt from the limits a guesser
 * elsewhere can run up (PasswordLoginService). Named by cookieName (`knownBrowser`). The cookie says nothing a script or another
 * site may read or send: httpOnly, SameSite=Strict, Secure on an https issuer.
 */
export function knownBrowsersOf(req: Request, config: AppConfig, now = Date.now()): KnownBrowser[] {
  return entriesOf(req, config, now).map(({ userId, browserId }) => ({ userId, browserId }));
}

/** After a right password: this browser is known for `userId` (its id kept, its lifetime renewed). */
export function rememberBrowser(
  req: Request,
  res: Response,
  config: AppConfig,
  userId: string,
  now = Date.now(),
): void {
  const entries = entriesOf(req, config, now);
  const browserId = entries.find((e) => e.userId === userId)?.browserId ?? randomBytes(16).toString('base64url');
  const kept = [
    { userId, browserId, issuedAt: Math.floor(now / 1000) },
    ...entries.filter((e) => e.userId !== userId),
  ].slice(0, MAX_ACCOUNTS);
  res.cookie(
    cookieName('knownBrowser', config.secureCookies),
    kept.map((e) => `${e.userId}.${e.browserId}.${e.issuedAt}`).join(','),
    {
      ...cookieOptions(config, issuerPath(config) || '/', KNOWN_BROWSER_TTL_SECONDS),
      // Only this server's own forms need it: a cross-site request never carries it.
      sameSite: 'strict',
    },
  );
}

/** The signed cookie's entries still within their lifetime; a forged or altered cookie is no cookie. */
function entriesOf(req: Request, config: AppConfig, now: number): Entry[] {
  const value: unknown = req.signedCookies?.[cookieName('knownBrowser', config.secureCookies)];
  if (typeof value !== 'string') return [];
  const oldest = Math.floor(now / 1000) - KNOWN_BROWSER_TTL_SECONDS;
  return value
    .split(',')
    .slice(0, MAX_ACCOUNTS)
    .map((part) => ENTRY.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ userId: m[1], browserId: m[2], issuedAt: Number(m[3]) }))
    .filter((e) => e.issuedAt > oldest);
}
