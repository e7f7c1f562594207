import type { KeyObject } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { publicJwkOf } from './key-generation';
import type { SigningKey, SigningKeyState } from './signing-key.entity';

export interface Signer {
  kid: string;
  alg: string;
  /** The private key as Node's KeyObject, for signing on the thread pool (jws-signing.ts). */
  key: KeyObject;
}

/** One consistent view of the keys, read in one query and cached as a whole. */
export interface KeyRing {
  readonly signer: Signer;
  /** The RFC 7517 JWK Set as published: frozen, and the same object while the ring is cached. */
  readonly jwks: Readonly<JSONWebKeySet>;
  /** The algs the server signs with now or after the next rotation. */
  readonly signingAlgs: readonly string[];
  /** The algs a token signed by a published key can carry. */
  readonly publishedAlgs: string[];
  readonly verificationKeys: JWTVerifyGetKey;
}

const STATE_ORDER: Record<SigningKeyState, number> = { active: 0, next: 1, retired: 2 };

export function buildKeyRing(published: SigningKey[], signer: Signer): KeyRing {
  // The signing key first: a relying party that ignores kid and takes the first key still verifies.
  const ordered = [...published].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]);
  const keys = ordered.map((k) => Object.freeze(publicJwkOf(k.publicJwk, k.kid, k.alg)));
  const jwks = Object.freeze({ keys: Object.freeze(keys) as JSONWebKeySet['keys'] });
  const upcoming = published.filter((k) => k.state === 'next').map((k) => k.alg);
  return {
    signer,
    jwks,
    signingAlgs: Object.freeze([...new Set([signer.alg, ...upcoming])]),
    publishedAlgs: [...new Set(published.map((k) => k.alg))],
    verificationKeys: createLocalJWKSet(jwks as JSONWebKeySet),
  };
}
