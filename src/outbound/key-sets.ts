import { Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, customFetch, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
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

/** Whoever signs what we verify (a client, a trusted issuer): its keys inline, or where to fetch them. */
export interface KeySetHolder {
  readonly jwks: JSONWebKeySet | null;
  readonly jwksUri: string | null;
  /** When it was last registered or changed: a new version never gets keys fetched for an older one. */
  readonly updatedAt?: Date;
}

const MAX_REMOTE_SETS = 1000;

/**
 * The public keys of clients and trusted issuers, the one cache of both: inline jwks, or JWK Sets
 * fetched from a jwks_uri through the outbound client and cached per URI, policy and version of
 * the holder, so that a client registered or changed since a set was fetched fetches its own (a
 * conformance suite registers each test's client with new keys at the same jwks_uri, within the
 * cooldown). The remote cache is bounded: past MAX_REMOTE_SETS the set used longest ago goes.
 */
@Injectable()
export class KeySets {
  // Keyed by the holder object: a changed client or issuer is a new object, so its old keys drop out.
  private readonly local = new WeakMap<KeySetHolder, JWTVerifyGetKey>();
  private readonly remote = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly http: OutboundHttp) {}

  /** The holder's keys: its inline jwks, else its jwks_uri's (fetched per `policy`); undefined if it has neither. */
  for(holder: KeySetHolder, policy: KeySetPolicy): JWTVerifyGetKey | undefined {
    if (holder.jwks) {
      let set = this.local.get(holder);
      if (!set) this.local.set(holder, (set = createLocalJWKSet(holder.jwks)));
      return set;
    }
    return holder.jwksUri ? this.fetched(holder.jwksUri, policy, holder.updatedAt) : undefined;
  }

  private fetched(uri: string, policy: KeySetPolicy, version: Date | undefined): JWTVerifyGetKey {
    const key = `${policy.timeoutMs}/${policy.cooldownMs}/${policy.maxAgeMs} ${version?.getTime() ?? '-'} ${uri}`;
    let set = this.remote.get(key);
    if (set) {
      // Used last, dropped last: the Map's order is the order of use.
      this.remote.delete(key);
    } else {
      // The set used longest ago goes: a client changing itself over and over churns entries no one uses.
      if (this.remote.size >= MAX_REMOTE_SETS) this.remote.delete(this.remote.keys().next().value!);
      set = createRemoteJWKSet(new URL(uri), {
        timeoutDuration: policy.timeoutMs,
        cooldownDuration: policy.cooldownMs,
        cacheMaxAge: policy.maxAgeMs,
        [customFetch]: this.http.fetch,
      });
    }
    this.remote.set(key, set);
    return set;
  }
}
