import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { OutboundHttp } from './outbound-http';

/** How a kind of remote key set is fetched and kept (jose's createRemoteJWKSet options). */
export interface KeySetPolicy {
  /** A slow jwks_uri fails the one request that needs it within this time; it never stalls others. */
  timeoutMs: number;
  /**
   * jose refetches on an unknown kid at most once per cooldown: the owner can rotate keys, but
   * made-up kids cannot turn this server into a load generator against it.
   */
  cooldownMs: number;
  maxAgeMs: number;
}

const MAX_REMOTE_SETS = 1000;

/**
 * JWK Sets fetched from a jwks_uri (clients, trusted issuers), through the outbound client, and
 * cached per URI and policy. The cache is bounded: past MAX_REMOTE_SETS it starts afresh.
 */
@Injectable()
export class RemoteKeySets {
  private readonly sets = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly http: OutboundHttp) {}

  for(uri: string, policy: KeySetPolicy): JWTVerifyGetKey {
    const key = `${policy.timeoutMs}/${policy.cooldownMs}/${policy.maxAgeMs} ${uri}`;
    let set = this.sets.get(key);
    if (!set) {
      if (this.sets.size >= MAX_REMOTE_SETS) this.sets.clear();
      set = createRemoteJWKSet(new URL(uri), {
        timeoutDuration: policy.timeoutMs,
        cooldownDuration: policy.cooldownMs,
        cacheMaxAge: policy.maxAgeMs,
        [customFetch]: this.http.fetch,
      });
      this.sets.set(key, set);
    }
    return set;
  }
}
