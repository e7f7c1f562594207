import { createHash } from 'node:crypto';

// JWA (RFC 7518 §3): the hash each signing alg is built on.
const HASH_OF_ALG: Record<string, string> = {
  RS256: 'sha256',
  PS256: 'sha256',
  ES256: 'sha256',
  RS384: 'sha384',
  PS384: 'sha384',
  ES384: 'sha384',
  RS512: 'sha512',
  PS512: 'sha512',
  ES512: 'sha512',
  // OIDC Core errata: Ed25519 signatures use SHA-512 for at_hash and c_hash.
  EdDSA: 'sha512',
  Ed25519: 'sha512',
};

/**
 * OIDC Core §3.1.3.6 at_hash and §3.3.2.11 c_hash: the base64url of the left half of the hash
 * of the token's ASCII octets, with the hash of the ID Token's signing alg.
 */
export function tokenHash(token: string, alg: string): string {
  const hash = HASH_OF_ALG[alg];
  if (!hash) throw new Error(`no token hash is defined for alg ${alg}`);
  const digest = createHash(hash).update(token, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
