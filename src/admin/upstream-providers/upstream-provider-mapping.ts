import type { UpstreamProvider } from '../../federation/entities/upstream-provider.entity';
import type {
  CreateUpstreamProviderInput,
  UpstreamProviderSettings,
} from '../../federation/providers/upstream-provider-input';
import type {
  CreateUpstreamProviderDto,
  UpdateUpstreamProviderDto,
  UpstreamProviderDto,
} from './upstream-provider.dto';

/** The admin API's view of an upstream provider: never its client secret. */
export function toUpstreamProviderDto(p: UpstreamProvider, redirectUri: string): UpstreamProviderDto {
  return {
    id: p.id,
    display_name: p.displayName,
    issuer: p.issuer,
    client_id: p.clientId,
    has_client_secret: p.clientSecretEncrypted !== null,
    scopes: p.scopes,
    claim_mapping: { ...p.claimMapping },
    auto_create: p.autoCreate,
    link_by_email: p.linkByEmail,
    enabled: p.enabled,
    redirect_uri: redirectUri,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export function toUpstreamProviderSettings(d: UpdateUpstreamProviderDto): UpstreamProviderSettings {
  return {
    displayName: d.display_name,
    issuer: d.issuer,
    clientId: d.client_id,
    clientSecret: d.client_secret,
    scopes: d.scopes,
    claimMapping: d.claim_mapping && givenFields(d.claim_mapping),
    autoCreate: d.auto_create,
    linkByEmail: d.link_by_email,
    enabled: d.enabled,
  };
}

export function toCreateUpstreamProviderInput(d: CreateUpstreamProviderDto): CreateUpstreamProviderInput {
  return {
    ...toUpstreamProviderSettings(d),
    id: d.id,
    displayName: d.display_name,
    issuer: d.issuer,
    clientId: d.client_id,
  };
}

/** The fields of a validated DTO that were given: class instances also hold the ones left out, as undefined. */
function givenFields<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}
