import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { TtlCache } from '../../common/cache/ttl-cache';
import { OutboundHttp } from '../../outbound/outbound-http';
import type { UpstreamProvider } from '../entities/upstream-provider.entity';
import { UpstreamProvidersService } from '../providers/upstream-providers.service';
import { isLoopbackHttp } from './upstream-issuer';

/** Discovery results (and the JWKS openid-client keeps with them) are reused this long. */
const DISCOVERY_TTL_SECONDS = 10 * 60;
/** Every request to an upstream (discovery, token, userinfo, JWKS) gives up after this long. */
export const UPSTREAM_TIMEOUT_SECONDS = 5;

/**
 * openid-client's view of each upstream provider: its discovered metadata (OIDC Discovery §4)
 * and this server's client there. Kept per provider along with the version it was made from,
 * so an update to the provider (secret, issuer) applies at once rather than after the TTL;
 * failures are not kept.
 */
@Injectable()
export class UpstreamConfigurations {
  private readonly cache = new TtlCache<string, { version: number; configuration: Promise<oidc.Configuration> }>(
    DISCOVERY_TTL_SECONDS,
  );

  constructor(
    private readonly providers: UpstreamProvidersService,
    private readonly outbound: OutboundHttp,
  ) {}

  for(provider: UpstreamProvider): Promise<oidc.Configuration> {
    const version = provider.updatedAt.getTime();
    const cached = this.cache.get(provider.id);
    if (cached?.version === version) return cached.configuration;
    const configuration = this.discover(provider);
    this.cache.set(provider.id, { version, configuration });
    configuration.catch(() => {
      if (this.cache.get(provider.id)?.configuration === configuration) this.cache.delete(provider.id);
    });
    return configuration;
  }

  private async discover(provider: UpstreamProvider): Promise<oidc.Configuration> {
    const issuer = new URL(provider.issuer);
    const secret = this.providers.clientSecretOf(provider);
    // RFC 6749 §2.3.1: every server supports client_secret_basic; a public client proves itself by PKCE alone.
    const auth = secret === null ? oidc.None() : oidc.ClientSecretBasic(secret);
    return oidc.discovery(issuer, provider.clientId, undefined, auth, {
      timeout: UPSTREAM_TIMEOUT_SECONDS,
      // Discovery, and then every request of the returned configuration (token, userinfo, JWKS).
      [oidc.customFetch]: this.outbound.fetch,
      // Plain HTTP only to this machine (development, tests); issuerProblem() refuses it elsewhere.
      execute: isLoopbackHttp(issuer) ? [oidc.allowInsecureRequests] : [],
    });
  }
}
