import { createHash, randomBytes } from 'node:crypto';

/** A new random 256-bit token value, base64url (43 characters). */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored form of an opaque token, code or secret: SHA-256, hex. The values are random and
 * high-entropy, so a fast hash is enough and lookups stay index-friendly.
 */
export function hashToken(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
