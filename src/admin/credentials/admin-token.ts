import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../common/crypto/sha256';

// A recognisable prefix lets secret scanners find a leaked token.
const PREFIX = 'oidc_admin_';

/** 256 random bits: high entropy is why a fast hash suffices to store it. */
export function generateAdminToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256, hex: what is stored and looked up. */
export function hashAdminToken(token: string): string {
  return sha256Hex(token);
}

/** Constant-time comparison of two hex digests, so timing tells nothing about a near miss. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}
