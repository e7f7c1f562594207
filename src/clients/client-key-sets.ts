import { Injectable } from '@nestjs/common';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { RemoteKeySets, type KeySetPolicy } from '../outbound/remote-key-sets';
import type { Client } from './client.entity';

// jose refetches on an unknown kid, at most once per cooldown, so a client can rotate keys.
const CLIENT_JWKS: KeySetPolicy = { timeoutMs: 3000, cooldownMs: 30_000, maxAgeMs: 10 * 60_000 };

/** The public keys a client signs its assertions with: inline jwks, or fetched from jwks_uri. */
@Injectable()
export class ClientKeySets {
  // Keyed by the client object: a changed client is a new object, so its old keys drop out.
  private readonly local = new WeakMap<Client, JWTVerifyGetKey>();

  constructor(private readonly remote: RemoteKeySets) {}

  for(client: Client): JWTVerifyGetKey | undefined {
    if (client.jwks) {
      let set = this.local.get(client);
      if (!set) this.local.set(client, (set = createLocalJWKSet(client.jwks)));
      return set;
    }
    if (client.jwksUri) return this.remote.for(client.jwksUri, CLIENT_JWKS);
    return undefined;
  }
}
