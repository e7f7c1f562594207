import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UsedJtiStore } from '../../common/replay/used-jti.store';
import { AppConfig } from '../../config/app-config';

/** What a challenge may be answered for; a challenge of one purpose is refused by the others. */
export type CeremonyPurpose = 'registration' | 'second-factor' | 'sign-in';

/** Long enough to find a phone or type a PIN; the options' timeout says the same to the browser. */
export const CHALLENGE_TTL_SECONDS = 300;

const NONCE_BYTES = 16;
const EXPIRY_BYTES = 6;
const MAC_BYTES = 16;
const LENGTH = NONCE_BYTES + EXPIRY_BYTES + MAC_BYTES;

/**
 * WebAuthn challenges (WebAuthn Level 3 §13.4.3: random, at least 16 bytes, used once), made
 * without storing anything: a random nonce, an expiry and an HMAC over both, the purpose and the
 * user it was made for (none for the login page's discoverable sign-in), under a key derived
 * from COOKIE_SECRET. So the login page can ask for one on every visit without writing a row;
 * the row comes when one is answered: its nonce is spent in used_jtis, shared by every replica,
 * so an answered challenge is never accepted twice.
 */
@Injectable()
export class PasskeyChallenges {
  private readonly key: Buffer;

  constructor(
    config: AppConfig,
    private readonly used: UsedJtiStore,
  ) {
    this.key = createHmac('sha256', config.cookieSecret).update('passkey challenges').digest();
  }

  /** A fresh challenge (base64url) for `purpose`, bound to `userId` when one is signed in. */
  issue(purpose: CeremonyPurpose, userId: string | null, now = Date.now()): string {
    const nonce = randomBytes(NONCE_BYTES);
    const expiry = Buffer.alloc(EXPIRY_BYTES);
    expiry.writeUIntBE(Math.floor(now / 1000) + CHALLENGE_TTL_SECONDS, 0, EXPIRY_BYTES);
    return Buffer.concat([nonce, expiry, this.mac(purpose, userId, nonce, expiry)]).toString('base64url');
  }

  /**
   * Whether `challenge` is one this server made for `purpose` and `userId`, unexpired and never
   * spent; it is spent by this call either way, so each is answered at most once.
   */
  async spend(challenge: string, purpose: CeremonyPurpose, userId: string | null, now = Date.now()): Promise<boolean> {
    const bytes = Buffer.from(challenge, 'base64url');
    if (bytes.length !== LENGTH || bytes.toString('base64url') !== challenge) return false;
    const nonce = bytes.subarray(0, NONCE_BYTES);
    const expiry = bytes.subarray(NONCE_BYTES, NONCE_BYTES + EXPIRY_BYTES);
    if (!timingSafeEqual(bytes.subarray(NONCE_BYTES + EXPIRY_BYTES), this.mac(purpose, userId, nonce, expiry)))
      return false;
    const expiresAt = expiry.readUIntBE(0, EXPIRY_BYTES) * 1000;
    if (expiresAt <= now) return false;
    return this.used.consume(`passkey:${nonce.toString('base64url')}`, new Date(expiresAt));
  }

  private mac(purpose: CeremonyPurpose, userId: string | null, nonce: Buffer, expiry: Buffer): Buffer {
    return createHmac('sha256', this.key)
      .update(`${purpose}\n${userId ?? ''}\n`)
      .update(nonce)
      .update(expiry)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}
