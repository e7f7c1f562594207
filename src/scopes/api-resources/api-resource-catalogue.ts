import type { ApiResource } from './api-resource.entity';

/** An API resource with the names of its scopes: what the protocol endpoints need of one. */
export type ApiResourceWithScopes = ApiResource & { scopes: readonly string[] };

/**
 * Every API resource, indexed for the protocol endpoints: by identifier (RFC 8707 `resource`),
 * by scope (a scope belongs to at most one), by the client each introspects with. Immutable;
 * ApiResourcesService builds one per load and keeps it KEY_CACHE_TTL seconds.
 */
export class ApiResourceCatalogue {
  private readonly byIdentifier = new Map<string, ApiResourceWithScopes>();
  private readonly byScope = new Map<string, ApiResourceWithScopes>();
  private readonly byIntrospectionClient = new Map<string, string[]>();

  constructor(readonly resources: readonly ApiResourceWithScopes[]) {
    for (const resource of resources) {
      this.byIdentifier.set(resource.identifier, resource);
      for (const scope of resource.scopes) this.byScope.set(scope, resource);
      const clientId = resource.introspectionClientId;
      if (clientId !== null)
        this.byIntrospectionClient.set(clientId, [
          ...(this.byIntrospectionClient.get(clientId) ?? []),
          resource.identifier,
        ]);
    }
  }

  find(identifier: string): ApiResourceWithScopes | undefined {
    return this.byIdentifier.get(identifier);
  }

  /** The resource a scope belongs to; undefined for scopes of no resource (openid, profile, ...). */
  resourceOf(scope: string): ApiResourceWithScopes | undefined {
    return this.byScope.get(scope);
  }

  /** The identifiers of the resources whose tokens `clientId` introspects for; empty for most clients. */
  introspectedBy(clientId: string): readonly string[] {
    return this.byIntrospectionClient.get(clientId) ?? NONE;
  }

  /** A client may ask for a resource when it may ask for at least one of the resource's scopes. */
  allows(allowedScopes: readonly string[], resource: ApiResourceWithScopes): boolean {
    return resource.scopes.some((s) => allowedScopes.includes(s));
  }
}

const NONE: readonly string[] = Object.freeze([]);
