import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import type { ApiResourceCatalogue } from '../../scopes/api-resources/api-resource-catalogue';
import { ApiResourcesService } from '../../scopes/api-resources/api-resources.service';
import { TokenLifetimes } from '../issuing/token-lifetimes';
import type { AccessTokenTarget } from './access-token-target';

export type ResourceClient = Pick<Client, 'allowedScopes' | 'accessTokenFormat' | 'accessTokenTtl'>;

/**
 * `resource` of a refresh request as the consuming UPDATE checks it (RefreshTokenStore.consume):
 * the API resources asked for, and the scopes of each, space-joined, for a grant that named none.
 */
export interface GrantedResourcesCheck {
  resources: string[];
  scopeSets: string[];
}

export interface TargetRequest {
  client: ResourceClient;
  /** The scope the token would carry without resource indicators. */
  scope: string[];
  /** `resource` of the token request, each already requestable(). */
  requested: readonly string[];
  /**
   * The resources of the authorization the token comes from (its grant); undefined for a client
   * acting for itself (client credentials), which may ask for any resource allowed to it.
   */
  granted?: readonly string[];
}

/**
 * The rules of RFC 8707 resource indicators, for every endpoint that takes `resource`. A resource
 * is an API resource an administrator defined, or this server itself (the issuer: userinfo and
 * the other APIs served here), whose scopes are those belonging to no API resource.
 */
@Injectable()
export class ResourcePolicy {
  private readonly issuer: string;

  constructor(
    private readonly resources: ApiResourcesService,
    private readonly lifetimes: TokenLifetimes,
    config: AppConfig,
  ) {
    this.issuer = config.issuer;
  }

  /**
   * RFC 8707 §2: each resource must be one this server knows and the client may ask for (it may
   * ask for one of its scopes), else invalid_target. This server itself is always allowed.
   */
  async requestable(requested: readonly string[], client: Pick<Client, 'allowedScopes'>): Promise<string[]> {
    if (requested.length === 0) return [];
    const catalogue = await this.catalogueFor(requested);
    for (const identifier of requested) {
      if (identifier === this.issuer) continue;
      const resource = catalogue.find(identifier);
      if (!resource) throw OAuthErrors.invalidTarget(`unknown resource: ${identifier}`);
      if (!catalogue.allows(client.allowedScopes, resource))
        throw OAuthErrors.invalidTarget(`this client may not ask for tokens for ${identifier}`);
    }
    return [...requested];
  }

  /**
   * At the authorization and device authorization endpoints: with resources named, the scopes of
   * other API resources are left out (RFC 6749 §3.3 lets the server narrow the scope), so the user
   * is asked only for what a token of this authorization can carry.
   */
  async scopeFor(resources: readonly string[], scope: string[]): Promise<string[]> {
    if (resources.length === 0) return scope;
    const catalogue = await this.resources.catalogue();
    const kept = scope.filter((s) => {
      const owner = catalogue.resourceOf(s);
      return owner === undefined || resources.includes(owner.identifier);
    });
    if (kept.length === 0 && scope.length > 0)
      throw OAuthErrors.invalidScope(
        `none of the requested scopes belongs to the resources requested: ${scope.join(' ')}`,
      );
    this.assertScoped(resources, kept, catalogue);
    return kept;
  }

  /**
   * client_credentials without `scope` (RFC 6749 §3.3's default): the client's default scopes
   * (`forClient`: those a client may hold for itself); a resource named that none of them is for
   * adds the client's allowed scopes of it, as a client naming only its API expects.
   */
  async defaultClientScope(
    resources: readonly string[],
    client: Pick<Client, 'allowedScopes' | 'defaultScopes'>,
    forClient: (scope: string) => boolean,
  ): Promise<string[]> {
    const defaults = client.defaultScopes.filter(forClient);
    if (resources.length === 0) return defaults;
    const catalogue = await this.resources.catalogue();
    const unscoped = this.unscoped(resources, defaults, catalogue);
    const ofUnscoped = client.allowedScopes.filter((s) => {
      const owner = catalogue.resourceOf(s);
      return owner !== undefined && unscoped.includes(owner.identifier) && forClient(s);
    });
    return [...defaults, ...ofUnscoped];
  }

  /**
   * The audience, scope, format and lifetime of an access token. Without `resource` the token is for
   * the authorization's resources, or for this server when it named none (as before resource
   * indicators, and with no lookup at all). A resource asked for must be among the authorization's
   * (RFC 8707 §2.2), or among those its scope implies when it named none; else invalid_target.
   */
  async target(request: TargetRequest): Promise<AccessTokenTarget> {
    const { client, scope, requested, granted } = request;
    if (requested.length === 0 && (granted === undefined || granted.length === 0)) return { audience: [], scope };
    const catalogue = await this.resources.catalogue();
    if (requested.length > 0) {
      this.assertGranted(requested, granted, scope, catalogue);
      const target = this.targetOf(requested, scope, client, catalogue);
      this.assertScoped(requested, target.scope, catalogue);
      return target;
    }
    // Resources deleted, or no longer allowed to the client, since the authorization are not given
    // again; with none left, the token is for this server (never an error, which would spend a
    // refresh token for nothing).
    // A resource the grant's scope has nothing for (an authorization made before scopeFor asked
    // for one) is left out rather than given a token with no scope.
    const usable = granted!.filter(
      (t) =>
        t === this.issuer || (this.allowed(catalogue, t, client) && this.unscoped([t], scope, catalogue).length === 0),
    );
    return this.targetOf(usable.length > 0 ? usable : [this.issuer], scope, client, catalogue);
  }

  /**
   * RFC 8707 §2.2 for a refresh token, checked by the UPDATE that consumes it, so that asking for a
   * resource its grant does not cover leaves it usable (as a wider scope does). Undefined when only
   * this server (always covered) or nothing is asked for.
   */
  async grantedResourcesCheck(requested: readonly string[]): Promise<GrantedResourcesCheck | undefined> {
    const resources = requested.filter((r) => r !== this.issuer);
    if (resources.length === 0) return undefined;
    const catalogue = await this.resources.catalogue();
    return { resources, scopeSets: resources.map((r) => (catalogue.find(r)?.scopes ?? []).join(' ')) };
  }

  /**
   * What target() would refuse of a refresh, checked before its token is spent: invalid_target for
   * a resource the grant does not cover, then invalid_scope unless `scope` has one scope at least
   * of each API resource asked for.
   */
  async assertTargetable(
    requested: readonly string[],
    granted: readonly string[],
    scope: readonly string[],
  ): Promise<void> {
    if (requested.length === 0) return;
    const catalogue = await this.resources.catalogue();
    this.assertGranted(requested, granted, scope, catalogue);
    this.assertScoped(requested, scope, catalogue);
  }

  /** invalid_target unless the authorization (`granted`, or `scope` when it named none) covers every resource asked for. */
  async assertWithinGrant(
    requested: readonly string[],
    granted: readonly string[],
    scope: readonly string[],
  ): Promise<void> {
    this.assertGranted(requested, granted, scope, await this.resources.catalogue());
  }

  /**
   * Token exchange (RFC 8693 §2.1): its targets are checked by the client's exchange policy. When
   * any is an API resource, the scope keeps only the scopes of the resources named (and those of
   * no resource, for this server and the other audiences), each resource must get one of its
   * scopes, and the lifetime is bounded as here; this server alone narrows to its own scopes.
   * Other audiences without an API resource (a client_id, a URI the policy lists) leave the
   * scope as it is.
   */
  async exchangeTarget(
    targets: readonly string[],
    scope: string[],
    client: ResourceClient,
  ): Promise<AccessTokenTarget> {
    if (targets.length === 0) return { audience: [], scope };
    const catalogue = await this.catalogueFor(targets);
    const resources = targets.filter((t) => t !== this.issuer && catalogue.find(t) !== undefined);
    if (resources.length === 0 && targets.some((t) => t !== this.issuer)) return { audience: [...targets], scope };
    const target = this.targetOf(targets, scope, client, catalogue);
    // RFC 8693 §2.2.2: the subject token's scope gives nothing at one of the targets.
    const unscoped = this.unscoped(resources, target.scope, catalogue);
    if (unscoped.length > 0) throw OAuthErrors.invalidTarget(`no scope of the token is for ${unscoped.join(' ')}`);
    return target;
  }

  /**
   * The cached catalogue, read again when it lacks one of `identifiers`: that may be a resource
   * just defined elsewhere (the CLI, another replica).
   */
  private async catalogueFor(identifiers: readonly string[]): Promise<ApiResourceCatalogue> {
    const catalogue = await this.resources.catalogue();
    return identifiers.some((r) => r !== this.issuer && catalogue.find(r) === undefined)
      ? this.resources.freshCatalogue()
      : catalogue;
  }

  private assertGranted(
    requested: readonly string[],
    granted: readonly string[] | undefined,
    scope: readonly string[],
    catalogue: ApiResourceCatalogue,
  ): void {
    if (granted === undefined) return;
    // An authorization that named no resource covers those its scopes belong to.
    const covered =
      granted.length > 0
        ? granted
        : scope.map((s) => catalogue.resourceOf(s)?.identifier).filter((r) => r !== undefined);
    const outside = requested.filter((r) => r !== this.issuer && !covered.includes(r));
    if (outside.length > 0)
      throw OAuthErrors.invalidTarget(`resource not granted by this authorization: ${outside.join(' ')}`);
  }

  /**
   * Every API resource named gets at least one of its scopes, else invalid_scope: a token for an
   * API with no scope at all would still pass an audience check there, for nothing the user or
   * the client asked for.
   */
  private assertScoped(resources: readonly string[], scope: readonly string[], catalogue: ApiResourceCatalogue): void {
    const unscoped = this.unscoped(resources, scope, catalogue);
    if (unscoped.length > 0)
      throw OAuthErrors.invalidScope(`no requested scope is for ${unscoped.join(' ')}: name one of its scopes`);
  }

  /** The API resources among `resources` that none of `scope` belongs to (this server is never one). */
  private unscoped(resources: readonly string[], scope: readonly string[], catalogue: ApiResourceCatalogue): string[] {
    return resources.filter((r) => r !== this.issuer && !scope.some((s) => catalogue.resourceOf(s)?.identifier === r));
  }

  private allowed(catalogue: ApiResourceCatalogue, identifier: string, client: ResourceClient): boolean {
    const resource = catalogue.find(identifier);
    return resource !== undefined && catalogue.allows(client.allowedScopes, resource);
  }

  /**
   * The scope narrowed to the targets' scopes (this server's and any other audience's: those of
   * no API resource); JWT when any target wants one (a resource server that validates JWTs
   * locally cannot use an opaque token), the shortest of the targets' lifetimes. A target without
   * a setting takes the client's.
   */
  private targetOf(
    targets: readonly string[],
    scope: readonly string[],
    client: ResourceClient,
    catalogue: ApiResourceCatalogue,
  ): AccessTokenTarget {
    const narrowed = scope.filter((s) => {
      const owner = catalogue.resourceOf(s);
      return owner === undefined
        ? targets.some((t) => t === this.issuer || catalogue.find(t) === undefined)
        : targets.includes(owner.identifier);
    });
    const settings = targets.map((t) => catalogue.find(t));
    const clientTtl = this.lifetimes.accessToken(client);
    const formats = settings.map((r) => r?.accessTokenFormat ?? client.accessTokenFormat);
    return {
      audience: [...targets],
      scope: narrowed,
      format: formats.includes('jwt') ? 'jwt' : 'opaque',
      expiresIn: Math.min(...settings.map((r) => r?.accessTokenTtl ?? clientTtl)),
    };
  }
}
