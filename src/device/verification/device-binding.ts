import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { cookieOptions, issuerPath } from '../../interaction/http/cookie-options';
import { cookieName } from '../../common/http/cookie-names';
import { AppConfig } from '../../config/app-config';
import { DEVICE_VERIFICATION_PATH } from '../device-paths';

const VALUE = /^([A-Za-z0-9_-]{43})\.([A-Z]{8})$/;

/**
 * Which user code this browser entered, for the login and consent steps that follow. The
 * nonce is random per entry and known only to this browser (the cookie is signed and
 * httpOnly), so the forms' CSRF tokens are derived from it, not from the user code, which the
 * device's owner knows too.
 */
export interface DeviceBinding {
  nonce: string;
  userCode: string;
}

/** The signed cookie holding a DeviceBinding, scoped to the verification pages and gone when the code expires. */
@Injectable()
export class DeviceBindings {
  private readonly cookie: string;

  constructor(private readonly config: AppConfig) {
    this.cookie = cookieName('device', config.secureCookies);
  }

  bind(res: Response, userCode: string, expiresAt: Date): DeviceBinding {
    const binding = { nonce: randomBytes(32).toString('base64url'), userCode };
    const seconds = Math.max(1, Math.ceil((expiresAt.getTime() - Date.now()) / 1000));
    res.cookie(this.cookie, `${binding.nonce}.${userCode}`, cookieOptions(this.config, this.path(), seconds));
    return binding;
  }

  read(req: Request): DeviceBinding | null {
    const value: unknown = req.signedCookies?.[this.cookie];
    const match = typeof value === 'string' ? VALUE.exec(value) : null;
    return match ? { nonce: match[1], userCode: match[2] } : null;
  }

  /**
   * The id of this entry's interaction (its completed steps, InteractionStore): derived from
   * the nonce with COOKIE_SECRET, so only the browser holding the cookie can name it.
   */
  interactionIdOf(binding: DeviceBinding): string {
    return createHmac('sha256', this.config.cookieSecret)
      .update(`device interaction:${binding.nonce}`)
      .digest('base64url');
  }

  clear(res: Response): void {
    res.clearCookie(this.cookie, { ...cookieOptions(this.config, this.path(), 0), maxAge: undefined });
  }

  private path(): string {
    return `${issuerPath(this.config)}${DEVICE_VERIFICATION_PATH}`;
  }
}

/** What the login form's CSRF token is bound to (see CsrfTokens; the prefix keeps it apart from interaction ids). */
export function loginCsrfSubject(binding: DeviceBinding): string {
  return `device:${binding.nonce}`;
}

/** The consent form's: also the session it was shown to, so a sign-in as someone else meanwhile voids it. */
export function consentCsrfSubject(binding: DeviceBinding, sessionId: string): string {
  return `device:${binding.nonce}:${sessionId}`;
}

/** A registered step's form (InteractionStep): as the consent form's, and apart from every other step's. */
export function stepCsrfSubject(binding: DeviceBinding, sessionId: string, step: string): string {
  return `device:${binding.nonce}:${sessionId}:${step}`;
}
