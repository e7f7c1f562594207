import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { cookieOptions, issuerPath } from '../../interaction/http/cookie-options';
import { cookieName } from '../../common/http/cookie-names';
import { AppConfig } from '../../config/app-config';
import { CALLBACK_PATH } from './callback-url';

const MAX_AGE_SECONDS = 10 * 60;

/**
 * Binds a login sent upstream to the browser that started it: a signed cookie holding the state,
 * sent only to the callback. A callback whose state is not this browser's (an attacker's
 * authorization response planted in a victim's browser: RFC 6749 §10.12) is refused.
 */
@Injectable()
export class UpstreamLoginCookie {
  private readonly cookie: string;

  constructor(private readonly config: AppConfig) {
    this.cookie = cookieName('upstreamLogin', config.secureCookies);
  }

  set(res: Response, state: string): void {
    res.cookie(this.cookie, state, cookieOptions(this.config, this.path(), MAX_AGE_SECONDS));
  }

  /**
   * Whether this browser started the login of `state`, and then the cookie is spent. A foreign
   * state leaves it alone, so a forged callback link cannot break a login under way.
   */
  take(req: Request, res: Response, state: string): boolean {
    const held: unknown = req.signedCookies?.[this.cookie];
    if (typeof held !== 'string' || held === '' || !sameSecret(held, state)) return false;
    res.clearCookie(this.cookie, { ...cookieOptions(this.config, this.path(), 0), maxAge: undefined });
    return true;
  }

  private path(): string {
    return `${issuerPath(this.config)}${CALLBACK_PATH}`;
  }
}

/** Constant-time comparison of two secrets of any length (hashing first evens the lengths). */
function sameSecret(a: string, b: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(a), digest(b));
}
