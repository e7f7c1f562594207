import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../common/crypto/sha256';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/**
 * Random bytes from a pool refilled 4 KiB at a time, as crypto.randomUUID() does: one call into
 * OpenSSL per 128 tokens instead of one per token. Every refill is a new buffer, and each slice
 * is handed out once.
 */
function pooledRandomBytes(size: number): Buffer {
  if (used + size > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  used += size;
  return pool.subarray(used - size, used);
}

/** A new random 256-bit token value, base64url (43 characters). */
export function newOpaqueToken(): string {
  return pooledRandomBytes(32).toString('base64url');
}

/**
 * The stored form of an opaque token, code or secret: SHA-256, hex. The values are random and
 * high-entropy, so a fast hash is enough and lookups stay index-friendly.
 */
export function hashToken(value: string): string {
  return sha256Hex(value);
}
