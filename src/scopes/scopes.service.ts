import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { LoadingCache } from '../common/cache/loading-cache';
import { AppConfig } from '../config/app-config';
import { violatedUniqueConstraint } from '../database/postgres-errors';
import type { CreateScopeInput, UpdateScopeInput } from './scope-input';
import { ScopeReferences } from './scope-references';
import { assertValidScopeFields, assertValidScopeName } from './scope-input.validation';
import { Scope } from './scope.entity';
import { ScopesError, ScopesErrorCode } from './scopes.error';

// OIDC Core §3.1.2.1: without openid a request is not an OpenID Connect request at all.
const PROTECTED_SCOPES = new Set(['openid']);
// How many holders a refused delete names.
const HOLDERS_NAMED = 5;

@Injectable()
export class ScopesService {
  private readonly catalogue: LoadingCache<Scope[]>;

  constructor(
    @InjectRepository(Scope) private readonly scopes: Repository<Scope>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly references: ScopeReferences,
    config: AppConfig,
  ) {
    this.catalogue = new LoadingCache(config.keyCacheTtl, () => this.scopes.find({ order: { name: 'ASC' } }));
  }

  /** Every scope, by name; cached for KEY_CACHE_TTL seconds as authorize and discovery read it often. */
  findAll(): Promise<Scope[]> {
    return this.catalogue.get();
  }

  /**
   * findAll(), read again when the cached list is over a second old: for a name it lacks, which
   * may have been created since by another replica or the CLI (whose changes the cache of this
   * process does not hear of).
   */
  findAllFresh(): Promise<Scope[]> {
    return this.catalogue.fresh(1);
  }

  /**
   * Every scope's name and claims, by name, read now rather than from the cache: what discovery
   * publishes (scopes_supported, claims_supported) when it builds its documents.
   */
  published(): Promise<Pick<Scope, 'name' | 'claims'>[]> {
    return this.scopes.find({ select: { name: true, claims: true }, order: { name: 'ASC' } });
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
   * Refused while a client may still ask for the scope (ScopeReferences). The check runs after
   * the delete, in its transaction, which it rolls back when the scope is held: a scope cannot
   * vanish between check and delete.
   */
  async delete(name: string): Promise<void> {
    if (PROTECTED_SCOPES.has(name))
      throw new ScopesError(ScopesErrorCode.ScopeProtected, `scope ${name} is required by OpenID Connect`);
    try {
      await this.dataSource.transaction(async (tx) => {
        const [, deleted] = (await tx.query(`DELETE FROM scopes WHERE name = $1`, [name])) as [unknown, number];
        const holders = await this.references.holdersOf(name, HOLDERS_NAMED, tx);
        if (holders)
          throw new ScopesError(
            ScopesErrorCode.ScopeInUse,
            `scope ${name} is still allowed to ${holders.kind}: ${holders.ids.join(', ')}`,
          );
        if (deleted !== 1) throw notFound(name);
      });
    } finally {
      this.catalogue.invalidate();
    }
  }
}

function notFound(name: string): ScopesError {
  return new ScopesError(ScopesErrorCode.ScopeNotFound, `no scope ${name}`);
}
