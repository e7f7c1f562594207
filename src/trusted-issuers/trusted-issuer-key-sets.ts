import { Injectable } from '@nestjs/common';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { RemoteKeySets, type KeySetPolicy } from '../outbound/remote-key-sets';
import type { TrustedIssuer } from './trusted-issuer.entity';

// A long cooldown: assertions with made-up kids cannot turn this server into a load generator.
const ISSUER_JWKS: KeySetPolicy = { timeoutMs: 3000, cooldownMs: 5 * 60_000, maxAgeMs: 15 * 60_000 };

/** An issuer's public keys: its inline jwks, or fetched from its jwks_uri (RemoteKeySets). */
@Injectable()
export class TrustedIssuerKeySets {
  // Keyed by the issuer object: a changed issuer is a new object, so its old keys drop out.
  private readonly local = new WeakMap<TrustedIssuer, JWTVerifyGetKey>();

  constructor(private readonly remote: RemoteKeySets) {}

  for(issuer: TrustedIssuer): JWTVerifyGetKey {
    if (issuer.jwks) {
      let set = this.local.get(issuer);
      if (!set) this.local.set(issuer, (set = createLocalJWKSet(issuer.jwks)));
      return set;
    }
    return this.remote.for(issuer.jwksUri!, ISSUER_JWKS);
  }
}
