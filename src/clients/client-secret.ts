import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../common/crypto/sha256';
import type { TokenEndpointAuthMethod } from './client.entity';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function usesClientSecret(method: TokenEndpointAuthMethod): boolean {
  return method === 'client_secret_basic' || method === 'client_secret_post' || method === 'client_secret_jwt';
}

/** 256 random bits, base64url. High entropy is why a fast hash suffices to store it. */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * 128 random bits, base64url: 22 URL-safe characters, never starting with '-' or '_' (a client id
 * starting with '-' reads as an option on a command line: `clients approve --client-id -x…`).
 */
export function generateClientId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

/** SHA-256, hex: what is stored instead of the secret. */
export function hashClientSecret(secret: string): string {
  return sha256Hex(secret);
}

/** Compares digests in constant time, so timing says nothing about how much of a secret matched. */
export function clientSecretMatches(secret: string, storedHash: string | null): boolean {
  const given = hash('sha256', secret, 'buffer');
  const stored = storedHash ? storedDigest(storedHash) : undefined;
  return stored !== undefined && timingSafeEqual(given, stored);
}

// The stored hashes as bytes, decoded once per client rather than per request; bounded.
const digests = new Map<string, Buffer>();
const MAX_DIGESTS = 4096;

function storedDigest(storedHash: string): Buffer | undefined {
  let digest = digests.get(storedHash);
  if (digest) return digest;
  if (!SHA256_HEX.test(storedHash)) return undefined;
  if (digests.size >= MAX_DIGESTS) digests.clear();
  digest = Buffer.from(storedHash, 'hex');
  digests.set(storedHash, digest);
  return digest;
}
