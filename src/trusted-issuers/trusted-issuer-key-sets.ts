import { Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { TrustedIssuer } from './trusted-issuer.entity';

// A slow jwks_uri fails the one request that needs it within this time; it never stalls others.
const FETCH_TIMEOUT_MS = 3000;
// jose refetches on an unknown kid at most once per cooldown: an issuer can rotate keys, but
// assertions with made-up kids cannot turn this server into a load generator against it.
const COOLDOWN_MS = 5 * 60_000;
const MAX_AGE_MS = 15 * 60_000;
const MAX_REMOTE_SETS = 1000;

/** An issuer's public keys: its inline jwks, or fetched from its jwks_uri and cached (as ClientKeySets does). */
@Injectable()
export class TrustedIssuerKeySets {
  // Keyed by the issuer object: a changed issuer is a new object, so its old keys drop out.
  private readonly local = new WeakMap<TrustedIssuer, JWTVerifyGetKey>();
  private readonly remote = new Map<string, JWTVerifyGetKey>();

  for(issuer: TrustedIssuer): JWTVerifyGetKey {
    if (issuer.jwks) {
      let set = this.local.get(issuer);
      if (!set) this.local.set(issuer, (set = createLocalJWKSet(issuer.jwks)));
      return set;
    }
    return this.remoteSet(issuer.jwksUri!);
  }

  private remoteSet(uri: string): JWTVerifyGetKey {
    let set = this.remote.get(uri);
    if (!set) {
      if (this.remote.size >= MAX_REMOTE_SETS) this.remote.clear();
      set = createRemoteJWKSet(new URL(uri), {
        timeoutDuration: FETCH_TIMEOUT_MS,
        cooldownDuration: COOLDOWN_MS,
        cacheMaxAge: MAX_AGE_MS,
      });
      this.remote.set(uri, set);
    }
    return set;
  }
}
