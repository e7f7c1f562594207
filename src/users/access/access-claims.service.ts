import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, Repository } from 'typeorm';
import { LoadingCache } from '../../common/cache/loading-cache';
import { AppConfig } from '../../config/app-config';
import { User } from '../user.entity';
import { AccessError, AccessErrorCode } from './access.error';
import {
  assertValidAccessClaimSettings,
  DEFAULT_ACCESS_CLAIM_SETTINGS,
  GROUPS_CLAIM,
  ROLES_CLAIM,
  type AccessClaimSettings,
  type AccessClaimTarget,
} from './access-claim-settings';
import { isUuid } from './access-input';
import { applicableMappings, assertValidClaimMappings, mappedClaims, type ClaimMapping } from './claim-mappings';
import { ClientAccessClaims } from './client-access-claims.entity';
import type { ClaimsUser } from '../user-claims';

export interface AccessClaimsRequest {
  userId: string;
  /** The client the token was issued to: its roles and its claim settings apply. */
  clientId: string;
  /** The claims the grant releases (scope claims ∪ consented requested claims). */
  claimNames: ReadonlySet<string> | readonly string[];
  target: AccessClaimTarget;
}

export interface EffectiveAccess {
  groups: string[];
  roles: string[];
}

// The groups a user is in, directly or through subgroups (bounded: nesting is at most 3 deep,
// the bound only guards against a cycle written behind the service's back), and the roles
// granted to the user or to any of those groups, global or of the client. One statement, with
// the client's claim settings, so releasing these claims costs one round trip.
const EFFECTIVE_ACCESS_SQL = `
  WITH RECURSIVE member_of (id, depth) AS (
    SELECT gm.group_id, 1 FROM group_members gm WHERE gm.user_id = $1
    UNION
    SELECT g.parent_id, m.depth + 1 FROM groups g JOIN member_of m ON g.id = m.id
     WHERE g.parent_id IS NOT NULL AND m.depth < 8
  )
  SELECT
    (SELECT coalesce(array_agg(DISTINCT g.name ORDER BY g.name), '{}')
       FROM groups g WHERE g.id IN (SELECT id FROM member_of)) AS groups,
    (SELECT coalesce(array_agg(DISTINCT r.name ORDER BY r.name), '{}')
       FROM roles r JOIN role_grants rg ON rg.role_id = r.id
      WHERE (rg.user_id = $1 OR rg.group_id IN (SELECT id FROM member_of))
        AND (r.client_id IS NULL OR r.client_id = $2)) AS roles,
    s.groups_claim, s.roles_claim, s.targets
  FROM (SELECT 1) AS one LEFT JOIN client_access_claims s ON s.client_id = $2`;

interface EffectiveAccessRow {
  groups: string[];
  roles: string[];
  groups_claim: string | null;
  roles_claim: string | null;
  targets: AccessClaimTarget[] | null;
}

/** The groups and roles claims: what a user holds, under the names and in the tokens a client chose. */
@Injectable()
export class AccessClaimsService {
  constructor(
    @InjectRepository(ClientAccessClaims) private readonly settings: Repository<ClientAccessClaims>,
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    // Every client's claim mappings, one query per KEY_CACHE_TTL per process: the token paths of
    // clients without mappings pay nothing more.
    this.mappings = new LoadingCache(config.keyCacheTtl, async () => {
      const rows = await this.settings
        .createQueryBuilder('s')
        .select(['s.clientId', 's.mappings'])
        .where(`s.mappings <> '[]'::jsonb`)
        .getMany();
      return new Map(rows.map((r) => [r.clientId, r.mappings]));
    });
  }

  private readonly mappings: LoadingCache<Map<string, ClaimMapping[]>>;

  /**
   * The claims a client's mappings add to `target` for a grant of `scope`. The user is read
   * (from `user` when given) only when a rule copies one of their attributes.
   */
  async mapped(request: {
    clientId: string;
    userId: string | null;
    scope: readonly string[];
    target: AccessClaimTarget;
    /** The user when the caller has it; claims alone (a ClaimsUser) are not enough for a mapping's attributes. */
    user?: User | ClaimsUser | null;
  }): Promise<Record<string, unknown>> {
    const rules = (await this.mappings.get()).get(request.clientId);
    if (!rules) return {};
    const applicable = applicableMappings(rules, request.scope, request.target);
    if (applicable.length === 0) return {};
    const needsUser = applicable.some((m) => m.attribute !== undefined) && request.userId !== null;
    const user = !needsUser
      ? null
      : request.user && 'externalId' in request.user
        ? (request.user as User)
        : await this.dataSource.getRepository(User).findOneBy({ id: request.userId! });
    return mappedClaims(
      applicable.filter((m) => m.attribute === undefined || user !== null),
      user,
    );
  }

  async mappingsFor(clientId: string): Promise<ClaimMapping[]> {
    return (await this.settings.findOneBy({ clientId }))?.mappings ?? [];
  }

  /** Replaces a client's mappings (validated: names, attributes, constants, targets). */
  async setMappings(clientId: string, mappings: unknown): Promise<ClaimMapping[]> {
    const settings = await this.settingsFor(clientId);
    assertValidClaimMappings(mappings, [settings.groupsClaim, settings.rolesClaim]);
    try {
      await this.settings.upsert({ clientId, mappings }, ['clientId']);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503')
        throw new AccessError(AccessErrorCode.ClientNotFound, `no client ${clientId}`);
      throw error;
    }
    this.mappings.invalidate();
    return mappings;
  }

  /** Whether the claims a grant releases include groups or roles: no query is made otherwise. */
  static wanted(claimNames: ReadonlySet<string> | readonly string[]): boolean {
    const names = claimNames instanceof Set ? claimNames : new Set(claimNames);
    return names.has(GROUPS_CLAIM) || names.has(ROLES_CLAIM);
  }

  /**
   * The groups and roles claims to add for a user, keyed by the client's claim names, when the
   * grant releases them (they are scope claims: the `groups` and `roles` scopes carry them) and
   * the client has them in `target`. Empty without a query when none is due.
   */
  async release(request: AccessClaimsRequest): Promise<Record<string, string[]>> {
    const names = request.claimNames instanceof Set ? request.claimNames : new Set(request.claimNames);
    if (!AccessClaimsService.wanted(names) || !isUuid(request.userId)) return {};
    const row = await this.effective(request.userId, request.clientId);
    const settings = settingsOfRow(row);
    if (!settings.targets.includes(request.target)) return {};
    const claims: Record<string, string[]> = {};
    if (names.has(GROUPS_CLAIM)) claims[settings.groupsClaim] = row.groups;
    if (names.has(ROLES_CLAIM)) claims[settings.rolesClaim] = row.roles;
    return claims;
  }

  /** A user's effective groups and roles (global ones, and the client's when one is named). */
  async effectiveAccess(userId: string, clientId: string | null = null): Promise<EffectiveAccess> {
    if (!isUuid(userId)) return { groups: [], roles: [] };
    const { groups, roles } = await this.effective(userId, clientId);
    return { groups, roles };
  }

  async settingsFor(clientId: string): Promise<AccessClaimSettings> {
    const row = await this.settings.findOneBy({ clientId });
    return row ? { groupsClaim: row.groupsClaim, rolesClaim: row.rolesClaim, targets: row.targets } : defaults();
  }

  async updateSettings(clientId: string, changes: Partial<AccessClaimSettings>): Promise<AccessClaimSettings> {
    const settings = { ...(await this.settingsFor(clientId)), ...definedOnly(changes) };
    settings.targets = [...new Set(settings.targets)];
    assertValidAccessClaimSettings(settings);
    assertValidClaimMappings(await this.mappingsFor(clientId), [settings.groupsClaim, settings.rolesClaim]);
    try {
      await this.settings.upsert({ clientId, ...settings }, ['clientId']);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503')
        throw new AccessError(AccessErrorCode.ClientNotFound, `no client ${clientId}`);
      throw error;
    }
    return settings;
  }

  private async effective(userId: string, clientId: string | null): Promise<EffectiveAccessRow> {
    const [row] = (await this.dataSource.query(EFFECTIVE_ACCESS_SQL, [userId, clientId])) as EffectiveAccessRow[];
    return row;
  }
}

const defaults = (): AccessClaimSettings => ({
  ...DEFAULT_ACCESS_CLAIM_SETTINGS,
  targets: [...DEFAULT_ACCESS_CLAIM_SETTINGS.targets],
});

function settingsOfRow(row: EffectiveAccessRow): AccessClaimSettings {
  if (row.groups_claim === null || row.roles_claim === null || row.targets === null) return defaults();
  return { groupsClaim: row.groups_claim, rolesClaim: row.roles_claim, targets: row.targets };
}

function definedOnly(changes: Partial<AccessClaimSettings>): Partial<AccessClaimSettings> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}
