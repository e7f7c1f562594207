import { createPublicKey, type JsonWebKey } from 'node:crypto';

/** JWK members that only a private or symmetric key has (RFC 7518 §6). */
export const PRIVATE_KEY_MEMBERS: readonly string[] = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * What is wrong with a JWK Set registered to verify someone's signatures (a client's, a trusted
 * issuer's), as the end of a sentence that starts with the field's name; null when nothing is.
 * Each key must import as a public key, so that a malformed one is refused when it is set rather
 * than failing every verification later.
 */
export function publicJwksProblem(jwks: unknown): string | null {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'object' && k !== null))
    return 'must be a JWK Set with at least one key';
  if (keys.some((k) => PRIVATE_KEY_MEMBERS.some((member) => member in k))) return 'must hold public keys only';
  const unusable = keys.findIndex((k) => !importsAsPublicKey(k as JsonWebKey));
  if (unusable >= 0) return `key ${unusable + 1} is not a usable RSA, EC or OKP public key`;
  return null;
}

function importsAsPublicKey(jwk: JsonWebKey): boolean {
  try {
    createPublicKey({ key: jwk, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}
