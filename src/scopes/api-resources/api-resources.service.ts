import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { LoadingCache } from '../../common/cache/loading-cache';
import { AppConfig } from '../../config/app-config';
import { violatedUniqueConstraint } from '../../database/postgres-errors';
import { ApiResourceCatalogue, type ApiResourceWithScopes } from './api-resource-catalogue';
import type { CreateApiResourceInput, UpdateApiResourceInput } from './api-resource-input';
import { assertValidApiResourceFields, assertValidIdentifier } from './api-resource-input.validation';
import { ApiResource } from './api-resource.entity';
import { ApiResourcesError, ApiResourcesErrorCode } from './api-resources.error';

interface ResourceRow {
  id: string;
  identifier: string;
  display_name: string;
  access_token_format: ApiResource['accessTokenFormat'];
  access_token_ttl: number | null;
  introspection_client_id: string | null;
  created_at: Date;
  updated_at: Date;
  scopes: string[];
}

// Each resource with its scopes (scopes.api_resource_id), in one statement.
const RESOURCES_WITH_SCOPES = `
  SELECT r.id, r.identifier, r.display_name, r.access_token_format, r.access_token_ttl, r.introspection_client_id,
         r.created_at, r.updated_at,
         coalesce(array_agg(s.name ORDER BY s.name) FILTER (WHERE s.name IS NOT NULL), '{}') AS scopes
    FROM api_resources r LEFT JOIN scopes s ON s.api_resource_id = r.id`;

const resourceOf = (row: ResourceRow): ApiResourceWithScopes => ({
  id: row.id,
  identifier: row.identifier,
  displayName: row.display_name,
  accessTokenFormat: row.access_token_format,
  accessTokenTtl: row.access_token_ttl,
  introspectionClientId: row.introspection_client_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  scopes: row.scopes,
});

const notFound = (id: string) =>
  new ApiResourcesError(ApiResourcesErrorCode.ApiResourceNotFound, `no API resource ${id}`);

/**
 * API resources (resource servers) and the scopes that belong to them. The token, authorization,
 * introspection and consent paths read the catalogue, kept KEY_CACHE_TTL seconds per replica
 * and reloaded at once on this replica after a change (others within the TTL); administration
 * reads and writes the tables directly.
 */
@Injectable()
export class ApiResourcesService {
  private readonly cache: LoadingCache<ApiResourceCatalogue>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {
    this.cache = new LoadingCache(
      config.keyCacheTtl,
      async () => new ApiResourceCatalogue(await this.load(this.db.manager)),
    );
  }

  /** Every resource, indexed; a resolved promise on the hot paths, no query. */
  catalogue(): Promise<ApiResourceCatalogue> {
    return this.cache.get();
  }

  /**
   * catalogue(), read again when the cached one is over a second old: for an identifier it lacks,
   * which may have been defined since by another replica or the CLI (whose changes the cache of
   * this process does not hear of).
   */
  freshCatalogue(): Promise<ApiResourceCatalogue> {
    return this.cache.fresh(1);
  }

  /** Every resource with its scopes, by identifier, read now. */
  list(): Promise<ApiResourceWithScopes[]> {
    return this.load(this.db.manager);
  }

  async get(id: string): Promise<ApiResourceWithScopes> {
    if (!isUUID(id)) throw notFound(id);
    const [found] = await this.load(this.db.manager, id);
    if (!found) throw notFound(id);
    return found;
  }

  async create(input: CreateApiResourceInput): Promise<ApiResourceWithScopes> {
    assertValidIdentifier(input.identifier);
    this.assertNotTheIssuer(input.identifier);
    assertValidApiResourceFields(input);
    try {
      const id = await this.db.transaction(async (tx) => {
        const { identifiers } = await tx.insert(ApiResource, {
          identifier: input.identifier,
          displayName: input.displayName.trim(),
          accessTokenFormat: input.accessTokenFormat ?? null,
          accessTokenTtl: input.accessTokenTtl ?? null,
          introspectionClientId: input.introspectionClientId ?? null,
        });
        const created = (identifiers[0] as { id: string }).id;
        await this.assignScopes(tx, created, input.scopes ?? []);
        return created;
      });
      return await this.get(id);
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'api_resources_identifier_key')
        throw new ApiResourcesError(
          ApiResourcesErrorCode.IdentifierTaken,
          `an API resource with identifier ${input.identifier} exists`,
        );
      throw error;
    } finally {
      this.cache.invalidate();
    }
  }

  async update(id: string, changes: UpdateApiResourceInput): Promise<ApiResourceWithScopes> {
    assertValidApiResourceFields(changes);
    const current = await this.get(id);
    try {
      await this.db.transaction(async (tx) => {
        const fields: Partial<ApiResource> = {};
        if (changes.displayName !== undefined) fields.displayName = changes.displayName.trim();
        if (changes.accessTokenFormat !== undefined) fields.accessTokenFormat = changes.accessTokenFormat;
        if (changes.accessTokenTtl !== undefined) fields.accessTokenTtl = changes.accessTokenTtl;
        if (changes.introspectionClientId !== undefined) fields.introspectionClientId = changes.introspectionClientId;
        // Touched even when only the scopes change: updated_at says when the resource last changed.
        await tx.update(ApiResource, { id: current.id }, { ...fields, updatedAt: new Date() });
        if (changes.scopes !== undefined) await this.assignScopes(tx, current.id, changes.scopes);
      });
    } finally {
      this.cache.invalidate();
    }
    return this.get(id);
  }

  /** Its scopes then belong to no resource; tokens issued for it keep their aud until they expire. */
  async delete(id: string): Promise<void> {
    if (!isUUID(id)) throw notFound(id);
    try {
      const [, deleted] = (await this.db.query(`DELETE FROM api_resources WHERE id = $1`, [id])) as [unknown, number];
      if (deleted !== 1) throw notFound(id);
    } finally {
      this.cache.invalidate();
    }
  }

  /** RFC 8707 `resource` naming the issuer means this server's own APIs (userinfo): no API resource may take it. */
  private assertNotTheIssuer(identifier: string): void {
    if (identifier.replace(/\/$/, '') === this.config.issuer.replace(/\/$/, ''))
      throw new ApiResourcesError(
        ApiResourcesErrorCode.InvalidApiResource,
        'identifier is this server’s own (the issuer): choose the URI of the resource server',
      );
  }

  /**
   * Makes `names` exactly the resource's scopes. The scope rows are locked first, so two resources
   * cannot take the same scope at once; a scope of another resource is refused, not moved.
   */
  private async assignScopes(tx: EntityManager, resourceId: string, names: readonly string[]): Promise<void> {
    const wanted = [...new Set(names)];
    const rows = (await tx.query(
      `SELECT s.name, r.identifier AS owner FROM scopes s LEFT JOIN api_resources r ON r.id = s.api_resource_id
        WHERE s.name = ANY($1::text[]) ORDER BY s.name FOR UPDATE OF s`,
      [wanted],
    )) as { name: string; owner: string | null }[];
    const unknown = wanted.filter((name) => !rows.some((r) => r.name === name));
    if (unknown.length > 0)
      throw new ApiResourcesError(
        ApiResourcesErrorCode.InvalidApiResource,
        `scopes: no such scope ${unknown.join(', ')} (create it first)`,
      );
    const [self] = (await tx.query(`SELECT identifier FROM api_resources WHERE id = $1`, [resourceId])) as {
      identifier: string;
    }[];
    const taken = rows.filter((r) => r.owner !== null && r.owner !== self.identifier);
    if (taken.length > 0)
      throw new ApiResourcesError(
        ApiResourcesErrorCode.ScopeOfAnotherResource,
        taken.map((r) => `scope ${r.name} belongs to API resource ${r.owner}`).join('; '),
      );
    await tx.query(
      `UPDATE scopes SET api_resource_id = NULL WHERE api_resource_id = $1 AND NOT (name = ANY($2::text[]))`,
      [resourceId, wanted],
    );
    await tx.query(`UPDATE scopes SET api_resource_id = $1 WHERE name = ANY($2::text[])`, [resourceId, wanted]);
  }

  private async load(manager: EntityManager, id?: string): Promise<ApiResourceWithScopes[]> {
    const rows = (await manager.query(
      `${RESOURCES_WITH_SCOPES} WHERE ($1::uuid IS NULL OR r.id = $1::uuid) GROUP BY r.id ORDER BY r.identifier`,
      [id ?? null],
    )) as ResourceRow[];
    return rows.map(resourceOf);
  }
}
