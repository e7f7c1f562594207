import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { TtlCache } from '../../common/cache/ttl-cache';
import type { UpstreamProvider } from '../entities/upstream-provider.entity';
import { UpstreamProvidersService } from '../providers/upstream-providers.service';
import { isLoopbackHttp } from './upstream-issuer';

/** Discovery results are reused this long; an operator's change to the provider applies at once. */
const DISCOVERY_TTL_SECONDS = 10 * 60;
/** Every request to an upstream (discovery, token, userinfo, JWKS) gives up after this long. */
export const UPSTREAM_TIMEOUT_SECONDS = 5;

/**
 * openid-client's view of each upstream provider: its discovered metadata (OIDC Discovery §4)
 * and this server's client there. Kept per provider version, so an update to the provider
 * (secret, issuer) is a new entry and never waits for the TTL; failures are not kept.
 */
@Injectable()
export class UpstreamConfigurations {
  private readonly cache = new TtlCache<string, Promise<oidc.Configuration>>(DISCOVERY_TTL_SECONDS);

  constructor(private readonly providers: UpstreamProvidersService) {}

  for(provider: UpstreamProvider): Promise<oidc.Configuration> {
    const key = `${provider.id}@${provider.updatedAt.getTime()}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const discovering = this.discover(provider);
    this.cache.set(key, discovering);
    discovering.catch(() => this.cache.delete(key));
    return discovering;
  }

  private async discover(provider: UpstreamProvider): Promise<oidc.Configuration> {
    const issuer = new URL(provider.issuer);
    const secret = this.providers.clientSecretOf(provider);
    // RFC 6749 §2.3.1: every server supports client_secret_basic; a public client proves itself by PKCE alone.
    const auth = secret === null ? oidc.None() : oidc.ClientSecretBasic(secret);
    return oidc.discovery(issuer, provider.clientId, undefined, auth, {
      timeout: UPSTREAM_TIMEOUT_SECONDS,
      // Plain HTTP only to this machine (development, tests); issuerProblem() refuses it elsewhere.
      execute: isLoopbackHttp(issuer) ? [oidc.allowInsecureRequests] : [],
    });
  }
}
