import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { LoadingCache } from '../common/cache/loading-cache';
import { AppConfig } from '../config/app-config';
import { violatedUniqueConstraint } from '../database/postgres-errors';
import type { CreateScopeInput, UpdateScopeInput } from './scope-input';
import { assertValidScopeFields, assertValidScopeName } from './scope-input.validation';
import { Scope } from './scope.entity';
import { ScopesError, ScopesErrorCode } from './scopes.error';

// OIDC Core §3.1.2.1: without openid a request is not an OpenID Connect request at all.
const PROTECTED_SCOPES = new Set(['openid']);

@Injectable()
export class ScopesService {
  private readonly catalogue: LoadingCache<Scope[]>;

  constructor(
    @InjectRepository(Scope) private readonly scopes: Repository<Scope>,
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.catalogue = new LoadingCache(config.keyCacheTtl, () => this.scopes.find({ order: { name: 'ASC' } }));
  }

  /** Every scope, by name; cached for KEY_CACHE_TTL seconds as authorize and discovery read it often. */
  findAll(): Promise<Scope[]> {
    return this.catalogue.get();
  }

  /** The named scopes that exist, in one query; unknown names are left out. */
  findByNames(names: string[]): Promise<Scope[]> {
    if (names.length === 0) return Promise.resolve([]);
    return this.scopes.find({ where: { name: In([...new Set(names)]) }, order: { name: 'ASC' } });
  }

  /** The union of the claims the named scopes release (OIDC Core §5.4); unknown scopes add none. */
  async claimsFor(scopeNames: string[]): Promise<Set<string>> {
    const wanted = new Set(scopeNames);
    const claims = new Set<string>();
    for (const scope of await this.findAll()) {
      if (wanted.has(scope.name)) for (const claim of scope.claims) claims.add(claim);
    }
    return claims;
  }

  async create(input: CreateScopeInput): Promise<Scope> {
    assertValidScopeName(input.name);
    assertValidScopeFields(input);
    const scope = this.scopes.create({ name: input.name, description: input.description, claims: input.claims ?? [] });
    try {
      await this.scopes.insert(scope);
    } catch (error) {
      if (violatedUniqueConstraint(error) !== undefined)
        throw new ScopesError(ScopesErrorCode.ScopeExists, `scope ${input.name} already exists`);
      throw error;
    }
    this.catalogue.invalidate();
    return (await this.scopes.findOneBy({ name: input.name }))!;
  }

  async update(name: string, changes: UpdateScopeInput): Promise<Scope> {
    assertValidScopeFields(changes);
    const scope = await this.scopes.findOneBy({ name });
    if (!scope) throw notFound(name);
    if (changes.description !== undefined) scope.description = changes.description;
    if (changes.claims !== undefined) scope.claims = changes.claims;
    const saved = await this.scopes.save(scope);
    this.catalogue.invalidate();
    return saved;
  }

  /**
   * Refused while a client may still ask for the scope. The check reads the clients table
   * directly, in the same statement as the delete, so a scope cannot vanish between check
   * and delete; and scopes does not import clients, which keeps the module graph acyclic.
   */
  async delete(name: string): Promise<void> {
    if (PROTECTED_SCOPES.has(name))
      throw new ScopesError(ScopesErrorCode.ScopeProtected, `scope ${name} is required by OpenID Connect`);
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM scopes WHERE name = $1
       AND NOT EXISTS (SELECT 1 FROM clients WHERE $1 = ANY(allowed_scopes) OR $1 = ANY(default_scopes))`,
      [name],
    )) as [unknown, number];
    this.catalogue.invalidate();
    if (deleted === 1) return;
    const users = (await this.dataSource.query(
      `SELECT client_id FROM clients WHERE $1 = ANY(allowed_scopes) OR $1 = ANY(default_scopes)
       ORDER BY client_id LIMIT 5`,
      [name],
    )) as { client_id: string }[];
    if (users.length === 0) throw notFound(name);
    throw new ScopesError(
      ScopesErrorCode.ScopeInUse,
      `scope ${name} is still allowed to clients: ${users.map((u) => u.client_id).join(', ')}`,
    );
  }
}

function notFound(name: string): ScopesError {
  return new ScopesError(ScopesErrorCode.ScopeNotFound, `no scope ${name}`);
}
