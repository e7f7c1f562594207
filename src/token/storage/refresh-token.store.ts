import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../database/prepared-statement';
import type { ClaimsUser } from '../../users/user-claims';
import { claimsUserOfJsonRow, userClaimsJsonObject } from '../../users/user-claims-columns';
import { UsersSql } from '../../users/users.sql';
import type { GrantSummary } from '../issuing/grant-summary';
import type { GrantedResourcesCheck } from '../resources/resource-policy';

export interface ConsumedRefreshToken {
  /** The refresh token's own scope: RFC 6749 §6 gives its successor the same. */
  scope: string[];
  grant: GrantSummary;
  /** The grant's user's claims, read by the same statement (the new ID Token's); null without a user. */
  user: ClaimsUser | null;
}

export interface StoredRefreshToken {
  clientId: string;
  grantId: string | null;
  scope: string[];
  /** Its grant's resources (RFC 8707). */
  resources: string[];
  consumedAt: Date | null;
  /** RFC 9449 §5: the DPoP key a public client's refresh token is bound to. */
  dpopJkt: string | null;
}

/** A refresh token that could be used now, looked at without being used. */
export interface ActiveRefreshToken {
  clientId: string;
  scope: string[];
  expiresAt: Date;
  /** RFC 9449 §5: the key a public client's refresh token is bound to. */
  dpopJkt: string | null;
  grant: GrantSummary;
}

interface GrantRow {
  id: string;
  user_id: string | null;
  session_id: string | null;
  scope: string[];
  resources: string[];
  claims: GrantSummary['claims'];
  auth_time: Date | null;
  amr: string[];
  created_at: Date;
  expires_at: Date | null;
}

interface ConsumedRow extends GrantRow {
  token_scope: string[];
  user_claims: object;
}

interface ActiveRow extends GrantRow {
  token_client_id: string;
  token_scope: string[];
  token_expires_at: Date;
  token_dpop_jkt: string | null;
}

function grantOf(row: GrantRow): GrantSummary {
  return {
    id: row.id,
    userId: row.user_id,
    sessionId: row.session_id,
    scope: row.scope,
    resources: row.resources,
    claims: row.claims,
    authTime: row.auth_time,
    amr: row.amr,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Refresh tokens are single use (RFC 9700 §4.14.2 rotation). Consuming is one UPDATE guarded by
 * `consumed_at IS NULL`: of any number of concurrent uses, across replicas, exactly one wins,
 * because Postgres re-checks the guard on the locked row before updating it. The grant's user is
 * joined (UsersSql), not asked of UsersService: a refresh stays one round trip.
 */
@Injectable()
export class RefreshTokenStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Consumes the token when it is the client's, unused, unexpired and unrevoked, covers
   * `narrowedScope` (when given), its grant covers `resources` (when given: the grant's resources,
   * or for a grant that named none a scope of each resource in the scope), its grant is live and
   * its user not disabled; null otherwise, and then nothing was changed.
   */
  async consume(
    tokenHash: string,
    clientId: string,
    narrowedScope?: string[],
    dpopJkt?: string,
    resources?: GrantedResourcesCheck,
    rotate = true,
  ): Promise<ConsumedRefreshToken | null> {
    // client_id IS NOT DISTINCT FROM (not =, the same for a NOT NULL column): = lets the planner
    // take tokens_client_id_idx over the primary key whenever its statistics call the client rare,
    // and read every token of the client; refreshes then got slower with each one (bench/).
    const rows = await preparedQuery<ConsumedRow>(
      this.db,
      'refresh-token-consume',
      // Not rotated ($7 false, FAPI 2.0 clients): the same checks, the token left usable.
      `UPDATE tokens t SET consumed_at = CASE WHEN $7::boolean THEN now() END
         FROM grants g LEFT JOIN ${UsersSql.join('u', 'g.user_id')}
        WHERE t.token_hash = $1 AND t.kind = 'refresh_token' AND t.client_id IS NOT DISTINCT FROM $2
          AND t.consumed_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
          AND g.id = t.grant_id AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > now())
          AND (g.user_id IS NULL OR ${UsersSql.usable('u')})
          AND ($3::text[] IS NULL OR $3::text[] <@ t.scope)
          AND (t.dpop_jkt IS NULL OR t.dpop_jkt = $4::text)
          AND ($5::text[] IS NULL
               OR (cardinality(g.resources) > 0 AND $5::text[] <@ g.resources)
               OR (cardinality(g.resources) = 0 AND NOT EXISTS (
                     SELECT 1 FROM unnest($6::text[]) r
                      WHERE NOT (coalesce($3::text[], t.scope) && string_to_array(r, ' ')))))
      RETURNING t.scope AS token_scope, g.id, g.user_id, g.session_id, g.scope, g.resources, g.claims, g.auth_time,
                g.amr, g.created_at, g.expires_at, ${userClaimsJsonObject('u')} AS user_claims`,
      [
        tokenHash,
        clientId,
        narrowedScope ?? null,
        dpopJkt ?? null,
        resources?.resources ?? null,
        resources?.scopeSets ?? null,
        rotate,
      ],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      scope: row.token_scope,
      grant: grantOf(row),
      user: row.user_id === null ? null : claimsUserOfJsonRow(row.user_id, row.user_claims),
    };
  }

  /**
   * The token when consume() would take it (its own client aside), left unconsumed: a subject
   * token of token exchange (RFC 8693 §2.1) is shown, not used up.
   */
  async findActive(tokenHash: string): Promise<ActiveRefreshToken | null> {
    const rows: ActiveRow[] = await this.db.query(
      `SELECT t.client_id AS token_client_id, t.scope AS token_scope, t.expires_at AS token_expires_at,
              t.dpop_jkt AS token_dpop_jkt,
              g.id, g.user_id, g.session_id, g.scope, g.resources, g.claims, g.auth_time, g.amr, g.created_at,
              g.expires_at
         FROM tokens t
         JOIN grants g ON g.id = t.grant_id
         LEFT JOIN ${UsersSql.join('u', 'g.user_id')}
        WHERE t.token_hash = $1 AND t.kind = 'refresh_token'
          AND t.consumed_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
          AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > now())
          AND (g.user_id IS NULL OR ${UsersSql.usable('u')})`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      clientId: row.token_client_id,
      scope: row.token_scope,
      expiresAt: row.token_expires_at,
      dpopJkt: row.token_dpop_jkt,
      grant: grantOf(row),
    };
  }

  /** A refresh token as stored, whatever its state: to tell why it could not be consumed. */
  async find(tokenHash: string): Promise<StoredRefreshToken | null> {
    const rows: {
      client_id: string;
      grant_id: string | null;
      scope: string[];
      resources: string[] | null;
      consumed_at: Date | null;
      dpop_jkt: string | null;
    }[] = await this.db.query(
      `SELECT t.client_id, t.grant_id, t.scope, g.resources, t.consumed_at, t.dpop_jkt
         FROM tokens t LEFT JOIN grants g ON g.id = t.grant_id
        WHERE t.token_hash = $1 AND t.kind = 'refresh_token'`,
      [tokenHash],
    );
    const row = rows[0];
    return (
      row && {
        clientId: row.client_id,
        grantId: row.grant_id,
        scope: row.scope,
        resources: row.resources ?? [],
        consumedAt: row.consumed_at,
        dpopJkt: row.dpop_jkt,
      }
    );
  }
}
