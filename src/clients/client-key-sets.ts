import { Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Client } from './client.entity';

const FETCH_TIMEOUT_MS = 3000;
// jose refetches on an unknown kid, at most once per cooldown, so a client can rotate keys.
const COOLDOWN_MS = 30_000;
const MAX_AGE_MS = 10 * 60_000;
const MAX_REMOTE_SETS = 1000;

/** The public keys a client signs its assertions with: inline jwks, or fetched from jwks_uri. */
@Injectable()
export class ClientKeySets {
  // Keyed by the client object: a changed client is a new object, so its old keys drop out.
  private readonly local = new WeakMap<Client, JWTVerifyGetKey>();
  private readonly remote = new Map<string, JWTVerifyGetKey>();

  for(client: Client): JWTVerifyGetKey | undefined {
    if (client.jwks) {
      let set = this.local.get(client);
      if (!set) this.local.set(client, (set = createLocalJWKSet(client.jwks)));
      return set;
    }
    if (client.jwksUri) return this.remoteSet(client.jwksUri);
    return undefined;
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
