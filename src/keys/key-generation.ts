import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SigningAlg } from '../config/keys.config';

export interface GeneratedKey {
  kid: string;
  alg: SigningAlg;
  publicJwk: JWK;
  privateJwk: JWK;
}

// The members that make up a public key (RFC 7518 §6.2.1 EC, §6.3.1 RSA); nothing else is published.
const PUBLIC_MEMBERS = { EC: ['crv', 'x', 'y'], RSA: ['n', 'e'], OKP: ['crv', 'x'] } as const;

/**
 * The public JWK as published in the JWKS: built from an allow-list, so a private member (d, p,
 * q, dp, dq, qi, oth) can never leak, whatever the stored JWK holds.
 */
export function publicJwkOf(jwk: JWK, kid: string, alg: string): JWK {
  const members = PUBLIC_MEMBERS[jwk.kty as keyof typeof PUBLIC_MEMBERS];
  if (!members) throw new Error(`unsupported signing key type ${jwk.kty}`);
  const out: JWK = { kty: jwk.kty };
  for (const member of members) out[member] = jwk[member];
  return { ...out, kid, alg, use: 'sig' };
}

/** A new key pair for `alg`: RSA 2048 for RS256 and PS256, P-256 for ES256; kid is the RFC 7638 thumbprint. */
export async function generateSigningKey(alg: SigningAlg): Promise<GeneratedKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const [pub, priv] = await Promise.all([exportJWK(publicKey), exportJWK(privateKey)]);
  const kid = await calculateJwkThumbprint(pub, 'sha256');
  return { kid, alg, publicJwk: publicJwkOf(pub, kid, alg), privateJwk: { ...priv, kid, alg } };
}
