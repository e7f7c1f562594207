import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

/**
 * CSRF tokens for the interaction forms: an HMAC of the interaction id under a key derived from
 * COOKIE_SECRET. The interaction only opens in the browser holding its signed cookie, so a
 * token copied from one browser's page is useless in any other, and nothing is stored.
 */
@Injectable()
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', config.cookieSecret).update('interaction csrf token').digest();
  }

  forInteraction(interactionId: string): string {
    return createHmac('sha256', this.key).update(interactionId).digest('base64url');
  }

  /** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
  matches(interactionId: string, presented: unknown): boolean {
    if (typeof presented !== 'string') return false;
    const expected = Buffer.from(this.forInteraction(interactionId));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
