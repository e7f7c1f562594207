import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

// Its own HKDF purpose: the nonce key is good for nothing else (see keys/key-encryption.ts).
const PURPOSE = 'oidc-server/dpop-nonce/v1';
/** A nonce is issued for one window and accepted in that window and the next. */
export const NONCE_WINDOW_S = 300;

/**
 * RFC 9449 §8 server-provided nonces, without state: a nonce is the HMAC of a time window under a
 * key derived from KEY_ENCRYPTION_SECRET, so every replica issues the same nonce and accepts the
 * others'. A new one every NONCE_WINDOW_S seconds (§8.2 rotation); each is accepted for one to two
 * windows, after which the client gets use_dpop_nonce and the current nonce.
 */
export class DpopNonces {
  private readonly key: Buffer;
  private cached = { window: -1, nonce: '' };
  /** The nonces accepted in `window`: its own and the previous window's. */
  private accepted: { window: number; nonces: Buffer[] } = { window: -1, nonces: [] };

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), PURPOSE, 32));
  }

  current(now = Date.now()): string {
    const window = Math.floor(now / 1000 / NONCE_WINDOW_S);
    if (this.cached.window !== window) this.cached = { window, nonce: this.nonceOf(window) };
    return this.cached.nonce;
  }

  isValid(nonce: string, now = Date.now()): boolean {
    const window = Math.floor(now / 1000 / NONCE_WINDOW_S);
    // Both HMACs once per window, not per proof.
    if (this.accepted.window !== window)
      this.accepted = { window, nonces: [window, window - 1].map((w) => Buffer.from(this.nonceOf(w))) };
    const given = Buffer.from(nonce);
    return this.accepted.nonces.some(
      (expected) => given.length === expected.length && timingSafeEqual(given, expected),
    );
  }

  private nonceOf(window: number): string {
    return createHmac('sha256', this.key).update(`dpop-nonce:${window}`).digest().subarray(0, 18).toString('base64url');
  }
}
