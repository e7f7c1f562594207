import { Injectable, Logger } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { LoadingCache } from '../common/cache/loading-cache';
import { AppConfig } from '../config/app-config';
import { SigningKeyService } from '../keys/signing-key.service';
import { buildProviderMetadata } from './build-provider-metadata';
import { DiscoveryRegistry } from './discovery.registry';
import { PublishedScopes } from './published-scopes';

/**
 * The discovery documents and the JWKS, serialised once and served as bytes: these are the
 * hottest endpoints of the server. Both are rebuilt at most once per KEY_CACHE_TTL.
 */
@Injectable()
export class DiscoveryDocuments {
  private readonly logger = new Logger('Discovery');
  private readonly metadata: LoadingCache<Buffer>;
  private metadataVersion = -1;
  private jwksBody?: { source: Readonly<JSONWebKeySet>; body: Buffer };

  constructor(
    private readonly config: AppConfig,
    private readonly registry: DiscoveryRegistry,
    private readonly scopes: PublishedScopes,
    private readonly keys: SigningKeyService,
  ) {
    this.metadata = new LoadingCache(
      config.keyCacheTtl,
      () => this.buildMetadata(),
      (e) => this.logger.warn({ err: e }, 'Could not rebuild the discovery document: serving the cached one'),
    );
  }

  /** The provider metadata as JSON bytes. */
  metadataJson(): Promise<Buffer> {
    if (this.metadataVersion !== this.registry.version) {
      this.metadataVersion = this.registry.version;
      this.metadata.invalidate();
    }
    return this.metadata.get();
  }

  /**
   * The JWKS as JSON bytes. SigningKeyService returns the same object until its keys reload,
   * so serialising once per object keeps this in step with signing, with no second TTL.
   */
  async jwksJson(): Promise<Buffer> {
    const jwks = await this.keys.jwks();
    if (this.jwksBody?.source !== jwks) this.jwksBody = { source: jwks, body: Buffer.from(JSON.stringify(jwks)) };
    return this.jwksBody.body;
  }

  /** Rebuild on the next request, e.g. after a scope changed through this replica. */
  invalidate(): void {
    this.metadata.invalidate();
  }

  private async buildMetadata(): Promise<Buffer> {
    const [scopes, signingAlgs] = await Promise.all([this.scopes.all(), this.keys.signingAlgs()]);
    const document = buildProviderMetadata({
      issuer: this.config.issuer,
      scopes,
      signingAlgs,
      contributed: this.registry.contributions(),
    });
    return Buffer.from(JSON.stringify(document));
  }
}
