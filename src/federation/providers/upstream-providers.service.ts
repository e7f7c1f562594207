import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { LoadingCache } from '../../common/cache/loading-cache';
import { AppConfig } from '../../config/app-config';
import { violatedUniqueConstraint } from '../../database/postgres-errors';
import { UpstreamProvider } from '../entities/upstream-provider.entity';
import { FederationError, FederationErrorCode } from '../federation.error';
import { claimMappingWithDefaults } from './claim-mapping';
import { UpstreamClientSecrets } from './upstream-client-secrets';
import type { CreateUpstreamProviderInput, UpstreamProviderSettings } from './upstream-provider-input';
import { assertValidProviderId, assertValidSettings } from './upstream-provider-input.validation';

const DEFAULT_SCOPES = ['openid', 'email', 'profile'];

/** The upstream OpenID providers operators configure; client secrets are sealed on the way in. */
@Injectable()
export class UpstreamProvidersService {
  /** Every login page lists them: kept KEY_CACHE_TTL seconds, reloaded at once after a change here. */
  private readonly enabled: LoadingCache<UpstreamProvider[]>;

  constructor(
    @InjectRepository(UpstreamProvider) private readonly providers: Repository<UpstreamProvider>,
    private readonly secrets: UpstreamClientSecrets,
    config: AppConfig,
  ) {
    this.enabled = new LoadingCache(config.keyCacheTtl, () =>
      this.providers.find({ where: { enabled: true }, order: { displayName: 'ASC', id: 'ASC' } }),
    );
  }

  list(): Promise<UpstreamProvider[]> {
    return this.providers.find({ order: { id: 'ASC' } });
  }

  /** The providers the login page offers, in the order their names read. */
  listEnabled(): Promise<UpstreamProvider[]> {
    return this.enabled.get();
  }

  async findEnabled(id: string): Promise<UpstreamProvider | null> {
    if (typeof id !== 'string' || id.length > 64) return null;
    return this.providers.findOneBy({ id, enabled: true });
  }

  async get(id: string): Promise<UpstreamProvider> {
    const provider = id.length <= 64 ? await this.providers.findOneBy({ id }) : null;
    if (!provider) throw notFound(id);
    return provider;
  }

  async create(input: CreateUpstreamProviderInput): Promise<UpstreamProvider> {
    assertValidProviderId(input.id);
    assertValidSettings(input);
    const provider = this.providers.create({
      id: input.id,
      displayName: input.displayName,
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecretEncrypted: null,
      scopes: DEFAULT_SCOPES,
      claimMapping: claimMappingWithDefaults(),
      autoCreate: false,
      linkByEmail: false,
      enabled: true,
    });
    this.apply(provider, input);
    try {
      await this.providers.insert(provider);
    } catch (error) {
      if (violatedUniqueConstraint(error) !== undefined)
        throw new FederationError(FederationErrorCode.ProviderExists, `an upstream provider ${input.id} exists`);
      throw error;
    }
    this.enabled.invalidate();
    return this.get(input.id);
  }

  async update(id: string, changes: UpstreamProviderSettings): Promise<UpstreamProvider> {
    assertValidSettings(changes);
    const provider = await this.get(id);
    this.apply(provider, changes);
    await this.providers.save(provider);
    this.enabled.invalidate();
    return this.get(id);
  }

  /** Its links go with it (a user then signs in through it as a stranger): disable it to keep them. */
  async delete(id: string): Promise<void> {
    const result = id.length <= 64 ? await this.providers.delete({ id }) : { affected: 0 };
    this.enabled.invalidate();
    if (!result.affected) throw notFound(id);
  }

  /** The client secret in clear, for the token request only; null for a public client. */
  clientSecretOf(provider: UpstreamProvider): string | null {
    return provider.clientSecretEncrypted === null ? null : this.secrets.open(provider.clientSecretEncrypted);
  }

  private apply(provider: UpstreamProvider, settings: UpstreamProviderSettings): void {
    if (settings.displayName !== undefined) provider.displayName = settings.displayName.trim();
    if (settings.issuer !== undefined) provider.issuer = settings.issuer;
    if (settings.clientId !== undefined) provider.clientId = settings.clientId;
    if (settings.clientSecret !== undefined)
      provider.clientSecretEncrypted = settings.clientSecret === null ? null : this.secrets.seal(settings.clientSecret);
    if (settings.scopes !== undefined) provider.scopes = [...new Set(settings.scopes)];
    if (settings.claimMapping !== undefined) provider.claimMapping = claimMappingWithDefaults(settings.claimMapping);
    if (settings.autoCreate !== undefined) provider.autoCreate = settings.autoCreate;
    if (settings.linkByEmail !== undefined) provider.linkByEmail = settings.linkByEmail;
    if (settings.enabled !== undefined) provider.enabled = settings.enabled;
  }
}

function notFound(id: string): FederationError {
  return new FederationError(FederationErrorCode.ProviderNotFound, `no upstream provider ${id}`);
}
