import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { cookieName } from './cookie-names';

/** The form field (or X-CSRF-Token header) that carries the token. */
export const CSRF_FIELD = '_csrf';
const NONCE = /^[A-Za-z0-9_-]{43}$/;

export interface CsrfOptions {
  /** The HMAC key: COOKIE_SECRET. */
  secret: string;
  /** Send the cookie over TLS only (an https issuer). */
  secure: boolean;
}

const hmac = (secret: string, nonce: string) =>
  createHmac('sha256', secret).update(`csrf:${nonce}`).digest('base64url');

/**
 * A double-submit token bound by HMAC: the browser holds a random nonce in a signed,
 * SameSite=Strict cookie (__Host- on an https issuer, so no sibling subdomain can plant one), and the form carries HMAC(secret, nonce). A cross-site page can
 * neither read the cookie nor compute the HMAC, so it cannot forge the pair. The nonce is made
 * once per browser and reused, so several open forms stay valid.
 */
export function issueCsrfToken(req: Request, res: Response, options: CsrfOptions): string {
  const name = cookieName('csrf', options.secure);
  let nonce: unknown = req.signedCookies?.[name];
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) {
    nonce = randomBytes(32).toString('base64url');
    res.cookie(name, nonce, {
      httpOnly: true,
      sameSite: 'strict',
      secure: options.secure,
      signed: true,
      path: '/',
    });
  }
  return hmac(options.secret, nonce as string);
}

/** Whether the request carries a token that matches its cookie; compared in constant time. */
export function hasValidCsrfToken(req: Request, options: CsrfOptions): boolean {
  const nonce: unknown = req.signedCookies?.[cookieName('csrf', options.secure)];
  const body = req.body as Record<string, unknown> | undefined;
  const given: unknown = body?.[CSRF_FIELD] ?? req.get('x-csrf-token');
  if (typeof nonce !== 'string' || !NONCE.test(nonce) || typeof given !== 'string') return false;
  const expected = Buffer.from(hmac(options.secret, nonce));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
